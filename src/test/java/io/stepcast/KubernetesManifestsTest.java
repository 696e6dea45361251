package io.stepcast;

import static io.stepcast.DeploymentFiles.flag;
import static io.stepcast.DeploymentFiles.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepcast.runtime.job.StepcastJob;
import io.stepcast.runtime.model.VectorKernelJvmOptions;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * config/kubernetes, checked structurally (no cluster here): kinds and API versions, the image and the
 * operator's Flink version against the pom, the job's and the trainer's arguments against jobs/ and the
 * image's contents, HA, checkpoint storage and the upgrade mode set, and every claim a pod mounts defined.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("config/kubernetes");
    private static final Map<String, String> API_VERSIONS = Map.of(
            "FlinkDeployment", "flink.apache.org/v1beta1",
            "Deployment", "apps/v1",
            "Service", "v1",
            "PersistentVolumeClaim", "v1");
    private static final List<JsonNode> RESOURCES = resources();
    private static final List<String> DOCKERFILE = dockerfile();

    @Test
    void everyResourceIsAKnownKindAtItsApiVersion() {
        assertThat(RESOURCES).isNotEmpty().allSatisfy(r -> {
            assertThat(API_VERSIONS).containsKey(r.path("kind").asText());
            assertThat(r.path("apiVersion").asText())
                    .isEqualTo(API_VERSIONS.get(r.path("kind").asText()));
            assertThat(r.path("metadata").path("name").asText()).isNotEmpty();
        });
        assertThat(RESOURCES.stream().map(r -> r.path("kind").asText())).containsAll(API_VERSIONS.keySet());
    }

    @Test
    void theImageIsTheOfficialFlinkImageOfThePomsVersionWithTheJars() {
        assertThat(DOCKERFILE)
                .contains("FROM flink:" + DeploymentFiles.pomProperty("flink.version") + "-java"
                        + DeploymentFiles.pomProperty("maven.compiler.release"));
        String image = "stepcast:" + DeploymentFiles.projectVersion();
        assertThat(flinkDeployment().path("spec").path("image").asText()).isEqualTo(image);
        assertThat(containers(kind("Deployment")))
                .allSatisfy(c -> assertThat(c.path("image").asText()).isEqualTo(image));
    }

    @Test
    void theFlinkDeploymentRunsTheJobJarInApplicationModeWithHaAndSavepointUpgrades() {
        JsonNode spec = flinkDeployment().path("spec");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo(DeploymentFiles.operatorFlinkVersion());
        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + copiedTo("target/stepcast-job.jar"));
        assertThat(job.path("entryClass").asText()).isEqualTo(StepcastJob.class.getName());
        assertThat(job.path("upgradeMode").asText()).isIn("savepoint", "last-state");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertJobFileInImage(strings(job.path("args")));
        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        for (String key : List.of(
                "high-availability.storageDir",
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir")) {
            assertThat(conf.path(key).asText()).as(key).startsWith("file:///flink-data/");
        }
        assertThat(mountPaths(spec.path("podTemplate").path("spec"))).contains("/flink-data");
        assertThat(Arrays.asList(conf.path("env.java.opts.taskmanager").asText().split("\\s+")))
                .containsExactlyElementsOf(VectorKernelJvmOptions.list());
    }

    @Test
    void theTrainerIsOnePodReadingTheJobsFileAndStoreWithItsMetricsBehindAService() {
        JsonNode deployment = kind("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        List<String> trainer = strings(containers(deployment).get(0).path("command"));
        assertThat(trainer).contains("trainer");
        assertJobFileInImage(trainer);
        assertThat(flag(trainer, "--model-store"))
                .hasValue(
                        flag(strings(flinkDeployment().path("spec").path("job").path("args")), "--model-store")
                                .orElseThrow());
        assertJobFileInImage(strings(initContainers(deployment).get(0).path("command")));
        String port = flag(trainer, "--metrics-port").orElseThrow();
        assertThat(containers(deployment)
                        .get(0)
                        .path("ports")
                        .get(0)
                        .path("containerPort")
                        .asText())
                .isEqualTo(port);
        JsonNode service = kind("Service").path("spec");
        assertThat(service.path("ports").get(0).path("port").asText()).isEqualTo(port);
        assertThat(service.path("selector"))
                .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
    }

    @Test
    void everyClaimAPodMountsIsDefined() {
        Set<String> claims = RESOURCES.stream()
                .filter(r -> r.path("kind").asText().equals("PersistentVolumeClaim"))
                .map(r -> r.path("metadata").path("name").asText())
                .collect(Collectors.toSet());
        Stream.of(flinkDeployment().path("spec").path("podTemplate").path("spec"), podSpec(kind("Deployment")))
                .flatMap(pod -> DeploymentFiles.elements(pod.path("volumes")))
                .forEach(volume -> assertThat(claims)
                        .contains(volume.path("persistentVolumeClaim")
                                .path("claimName")
                                .asText()));
    }

    /** The --job an argument list names is a file of jobs/ that the Dockerfile copies into the image. */
    private static void assertJobFileInImage(List<String> args) {
        String job = flag(args, "--job").orElseThrow(() -> new AssertionError("no --job in " + args));
        String inImage = copiedTo("jobs");
        assertThat(job).startsWith(inImage + "/");
        Path host = Path.of("jobs").resolve(job.substring(inImage.length() + 1));
        assertThat(host).exists();
        JobSpecLoader.load(host.toString());
    }

    /** Where the Dockerfile copies a file or folder of the repository. */
    private static String copiedTo(String source) {
        return DOCKERFILE.stream()
                .filter(line -> line.startsWith("COPY "))
                .map(line -> line.split("\\s+"))
                .filter(words -> words[words.length - 2].equals(source))
                .map(words -> words[words.length - 1])
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile does not copy " + source));
    }

    private static JsonNode flinkDeployment() {
        return kind("FlinkDeployment");
    }

    private static JsonNode kind(String kind) {
        return RESOURCES.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + DIR));
    }

    private static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }

    private static List<JsonNode> containers(JsonNode deployment) {
        return DeploymentFiles.elements(podSpec(deployment).path("containers")).toList();
    }

    private static List<JsonNode> initContainers(JsonNode deployment) {
        return DeploymentFiles.elements(podSpec(deployment).path("initContainers"))
                .toList();
    }

    private static List<String> mountPaths(JsonNode podSpec) {
        return DeploymentFiles.elements(podSpec.path("containers"))
                .flatMap(c -> DeploymentFiles.elements(c.path("volumeMounts")))
                .map(m -> m.path("mountPath").asText())
                .toList();
    }

    private static List<JsonNode> resources() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .sorted()
                    .flatMap(f -> DeploymentFiles.yamlDocuments(f).stream())
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> dockerfile() {
        try {
            return Files.readAllLines(DIR.resolve("Dockerfile")).stream()
                    .map(String::strip)
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
