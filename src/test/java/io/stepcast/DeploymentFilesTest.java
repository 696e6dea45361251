package io.stepcast;

import static io.stepcast.DeploymentFiles.flag;
import static io.stepcast.DeploymentFiles.pomProperty;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Prometheus and Grafana files it mounts, checked against the project: there
 * is no Docker engine where the tests run, so this is what keeps the stack from drifting away from the
 * pom, jobs/ and config/ (DockerComposeStackITCase runs it where there is one).
 */
class DeploymentFilesTest {
    private static final ComposeFile COMPOSE = new ComposeFile(Path.of("docker-compose.yml"));
    private static final int REPORTER_PORT = 9249;

    @Test
    void imagesAreThePomsVersions() {
        assertThat(COMPOSE.image("kafka")).isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
        String flink = "flink:" + pomProperty("flink.version") + "-java" + pomProperty("maven.compiler.release");
        assertThat(COMPOSE.servicesWithImagePrefix("flink:"))
                .contains("jobmanager", "taskmanager", "submit")
                .allSatisfy(service -> assertThat(COMPOSE.image(service)).isEqualTo(flink));
        assertThat(COMPOSE.servicesWithImagePrefix("eclipse-temurin:"))
                .allSatisfy(service -> assertThat(COMPOSE.image(service))
                        .isEqualTo("eclipse-temurin:" + pomProperty("maven.compiler.release") + "-jre"));
        // a tag that moves would change the stack under a user's feet
        assertThat(COMPOSE.services())
                .allSatisfy(service -> assertThat(COMPOSE.image(service))
                        .matches("[^:]+:[^:]+")
                        .doesNotEndWith(":latest"));
    }

    @Test
    void everyMountedPathIsInTheRepositoryOrBuiltByThePom() {
        for (String service : COMPOSE.services()) {
            for (String host : COMPOSE.bindMounts(service).keySet()) {
                // target/ is what `mvn package` writes; the files used from it are checked below
                if (!host.equals("./target")) {
                    assertThat(Path.of(host)).as("%s mounts %s", service, host).exists();
                }
            }
        }
    }

    @Test
    void theJarsTheServicesRunAreThePomsArtifacts() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<finalName>stepcast</finalName>", "/stepcast-job.jar</outputFile>");
        for (String service : COMPOSE.services()) {
            for (String arg : COMPOSE.command(service)) {
                if (arg.endsWith(".jar")) {
                    assertThat(COMPOSE.hostPath(service, arg))
                            .as("%s runs %s", service, arg)
                            .hasValueSatisfying(host -> assertThat(host.toString())
                                    .isIn("./target/stepcast.jar", "./target/stepcast-job.jar"));
                }
            }
        }
        assertThat(COMPOSE.command("submit")).contains("/stepcast/target/stepcast-job.jar");
    }

    @Test
    void everyJobFileIsInJobsAndNamesTheTopicsTheTopicsServiceCreates() {
        Map<String, String> jobs = COMPOSE.jobFiles();
        assertThat(jobs).containsKeys("topics", "submit", "trainer", "feeder");
        Set<JobSpec.Topics> topics = new HashSet<>();
        jobs.forEach((service, job) -> {
            Path host = COMPOSE.hostPath(service, job).orElseThrow(() -> new AssertionError(service + ": " + job));
            assertThat(host.normalize()).as("%s's job file", service).startsWith(Path.of("jobs"));
            assertThat(host).exists();
            topics.add(JobSpecLoader.load(host.toString()).topics());
        });
        // one set of topics: the ones `stepcast topics` creates are the ones the job, trainer and feeder use
        assertThat(topics).hasSize(1);
    }

    @Test
    void theJobFilesBrokerIsTheKafkaService() {
        JobSpec spec = JobSpecLoader.load(COMPOSE.hostPath(
                        "submit", flag(COMPOSE.command("submit"), "--job").orElseThrow())
                .orElseThrow()
                .toString());
        assertThat(spec.kafka().bootstrap()).isEqualTo("kafka:9092");
        JsonNode env = COMPOSE.service("kafka").path("environment");
        assertThat(env.path("KAFKA_LISTENERS").asText()).contains("PLAINTEXT://:9092");
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092");
        assertThat(COMPOSE.ports("kafka")).contains(9092);
        // every Flink container and the job read the same store
        assertThat(spec.model().store()).isEqualTo("file:///models");
    }

    @Test
    void flinkPortsAgreeWithTheClusterConfiguration() {
        Configuration cluster = GlobalConfiguration.loadConfiguration("config/flink");
        int rest = cluster.get(RestOptions.PORT);
        assertThat(rest).isEqualTo(8081);
        assertThat(COMPOSE.ports("jobmanager")).contains(rest, REPORTER_PORT);
        assertThat(COMPOSE.ports("taskmanager")).contains(REPORTER_PORT);
        assertThat(flag(COMPOSE.command("submit"), "-m")).hasValue("jobmanager:" + rest);
        for (String service : List.of("jobmanager", "taskmanager", "submit")) {
            Map<String, String> properties = COMPOSE.flinkProperties(service);
            assertThat(properties)
                    .as("%s's FLINK_PROPERTIES", service)
                    .containsEntry("rest.address", "jobmanager")
                    .containsEntry("metrics.reporter.prom.port", String.valueOf(REPORTER_PORT))
                    .containsEntry(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(COMPOSE.service(service)
                            .path("environment")
                            .path("JOB_MANAGER_RPC_ADDRESS")
                            .asText())
                    .isEqualTo("jobmanager");
        }
        assertThat(COMPOSE.service("taskmanager")
                        .path("deploy")
                        .path("replicas")
                        .asInt())
                .isEqualTo(2);
        // where config.yaml gives its reporter a port range, the containers' fixed port is one of it
        cluster.keySet().stream()
                .filter(key -> key.startsWith("metrics.reporter.") && key.endsWith(".port"))
                .map(key -> cluster.toMap().get(key).split("-"))
                .forEach(range -> assertThat(REPORTER_PORT)
                        .isBetween(
                                Integer.parseInt(range[0].strip()), Integer.parseInt(range[range.length - 1].strip())));
    }

    @Test
    void prometheusScrapesEveryFlinkProcessAndTheTrainerOnPortsTheyServe() {
        JsonNode prometheus = DeploymentFiles.yaml(Path.of("config/prometheus/prometheus.yml"));
        Set<String> scraped = new HashSet<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode config : job.path("static_configs")) {
                for (String target : DeploymentFiles.strings(config.path("targets"))) {
                    String[] hostPort = target.split(":");
                    assertScrapable(hostPort[0], Integer.parseInt(hostPort[1]));
                    scraped.add(hostPort[0]);
                }
            }
            for (JsonNode config : job.path("dns_sd_configs")) {
                for (String name : DeploymentFiles.strings(config.path("names"))) {
                    assertScrapable(name, config.path("port").asInt());
                    scraped.add(name);
                }
            }
        }
        assertThat(scraped).containsExactlyInAnyOrder("jobmanager", "taskmanager", "trainer");
        assertThat(COMPOSE.bindMounts("prometheus"))
                .containsEntry("./config/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
    }

    private static void assertScrapable(String service, int port) {
        assertThat(COMPOSE.services()).as("Prometheus target %s", service).contains(service);
        assertThat(COMPOSE.ports(service)).as("%s's ports", service).contains(port);
        if (service.equals("trainer")) {
            assertThat(flag(COMPOSE.command(service), "--metrics-port")).hasValue(String.valueOf(port));
        } else {
            assertThat(port).isEqualTo(REPORTER_PORT);
        }
    }

    @Test
    void everyDashboardQueryNamesMetricsTheStackExports() {
        JsonNode dashboard = DeploymentFiles.json(Path.of("config/grafana/dashboards/stepcast.json"));
        Set<String> exported = DeploymentFiles.exportedMetrics();
        Set<String> queried = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Set<String> metrics = DeploymentFiles.metricsIn(expr);
                assertThat(metrics)
                        .as("panel %s: %s", panel.path("title"), expr)
                        .isNotEmpty();
                assertThat(exported)
                        .as("panel %s: %s", panel.path("title"), expr)
                        .containsAll(metrics);
                queried.addAll(metrics);
            }
        }
        // the dashboard shows everything the stack exports, so the list holds nothing unused
        assertThat(queried).containsExactlyInAnyOrderElementsOf(exported);
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusServiceAndTheDashboards() {
        JsonNode source = DeploymentFiles.yaml(Path.of("config/grafana/provisioning/datasources/prometheus.yaml"))
                .path("datasources")
                .get(0);
        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(COMPOSE.ports("prometheus")).contains(9090);
        JsonNode dashboard = DeploymentFiles.json(Path.of("config/grafana/dashboards/stepcast.json"));
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText())
                    .isEqualTo(source.path("uid").asText());
        }
        String dashboards = DeploymentFiles.yaml(Path.of("config/grafana/provisioning/dashboards/stepcast.yaml"))
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asText();
        assertThat(COMPOSE.bindMounts("grafana"))
                .containsEntry("./config/grafana/dashboards", dashboards)
                .containsEntry("./config/grafana/provisioning", "/etc/grafana/provisioning");
    }
}
