package io.stepcast;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** docker-compose.yml as Docker Compose reads it (anchors merged), asked what DeploymentFilesTest checks. */
final class ComposeFile {
    private final JsonNode services;

    ComposeFile(Path file) {
        this.services = DeploymentFiles.yaml(file).path("services");
    }

    Set<String> services() {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = services.get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    String image(String service) {
        return service(service).path("image").asText();
    }

    List<String> command(String service) {
        return DeploymentFiles.strings(service(service).path("command"));
    }

    /** Bind mounts as host path (relative to the repository) to container path; named volumes left out. */
    Map<String, String> bindMounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String volume : DeploymentFiles.strings(service(service).path("volumes"))) {
            String[] parts = volume.split(":");
            if (parts[0].startsWith("./")) {
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    /**
     * The repository file a path inside a service's container is, through its bind mounts; a relative
     * path is taken from the service's working_dir.
     */
    Optional<Path> hostPath(String service, String containerPath) {
        String absolute = containerPath.startsWith("/")
                ? containerPath
                : service(service).path("working_dir").asText() + "/" + containerPath;
        return bindMounts(service).entrySet().stream()
                .filter(m -> absolute.equals(m.getValue()) || absolute.startsWith(m.getValue() + "/"))
                .map(m -> Path.of(m.getKey() + absolute.substring(m.getValue().length())))
                .findFirst();
    }

    /** The container ports a service serves on its network: expose, and the container side of ports. */
    Set<Integer> ports(String service) {
        Set<Integer> ports = new TreeSet<>();
        DeploymentFiles.strings(service(service).path("expose")).forEach(p -> ports.add(Integer.valueOf(p)));
        for (String mapping : DeploymentFiles.strings(service(service).path("ports"))) {
            ports.add(Integer.valueOf(mapping.substring(mapping.lastIndexOf(':') + 1)));
        }
        return ports;
    }

    /** FLINK_PROPERTIES as the flink image's entrypoint reads it: one "key: value" a line. */
    Map<String, String> flinkProperties(String service) {
        Map<String, String> properties = new LinkedHashMap<>();
        String text =
                service(service).path("environment").path("FLINK_PROPERTIES").asText("");
        for (String line :
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            int colon = line.indexOf(':');
            properties.put(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return properties;
    }

    /** Every service's command's --job value, with the service naming it. */
    Map<String, String> jobFiles() {
        Map<String, String> jobs = new LinkedHashMap<>();
        for (String service : services()) {
            DeploymentFiles.flag(command(service), "--job").ifPresent(job -> jobs.put(service, job));
        }
        return jobs;
    }

    List<String> servicesWithImagePrefix(String prefix) {
        List<String> matching = new ArrayList<>();
        for (String service : services()) {
            if (image(service).startsWith(prefix)) {
                matching.add(service);
            }
        }
        return matching;
    }
}
