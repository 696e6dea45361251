package io.stepcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.job.StepcastJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * target/stepcast-job.jar, as `mvn package` shades it for a Flink cluster: our runtime layer, the
 * Kafka connector and client, relocated Jackson, and nothing the cluster provides or the job never
 * runs. An integration test because the jar exists only after the package phase.
 */
class JobJarContentsITCase {
    private static final Path JAR = Path.of("target/stepcast-job.jar");
    /** Measured at 19.6 MB when written (kafka-clients 8.9 MB); the DL4J natives alone would add hundreds. */
    private static final long MAX_BYTES = 24L << 20;

    private static List<String> entries;
    private static Attributes manifest;

    @BeforeAll
    static void open() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
            manifest = jar.getManifest().getMainAttributes();
        }
    }

    @Test
    void startsTheJob() {
        assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(StepcastJob.class.getName());
        // the thin jar's class path (lib/...) must not leak in: a user-code class loader would follow it
        assertThat(manifest.getValue(Attributes.Name.CLASS_PATH)).isNull();
    }

    @Test
    void holdsTheRuntimeLayerOnly() {
        assertThat(entries)
                .contains("io/stepcast/runtime/job/StepcastJob.class", "io/stepcast/runtime/job/PredictionJob.class")
                .contains("stepcast-vector-kernel.properties")
                .filteredOn(e -> e.startsWith("io/stepcast/") && e.endsWith(".class"))
                .filteredOn(e -> !e.startsWith("io/stepcast/runtime/") && !e.startsWith("io/stepcast/shaded/"))
                .isEmpty();
        // the job files, the CLI's logging configuration and the test metrics reporter are the tools'
        assertThat(entries).noneMatch(e -> e.startsWith("jobs/") || e.startsWith("stepcast-log4j2"));
        assertThat(entries).doesNotContain("META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory");
    }

    @Test
    void holdsTheKafkaConnectorAndClientButNoPartOfFlinkItself() {
        assertThat(entries)
                .contains(
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/flink/connector/base/DeliveryGuarantee.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class");
        assertThat(entries)
                .filteredOn(e -> e.startsWith("org/apache/flink/") && e.endsWith(".class"))
                .filteredOn(e -> !e.startsWith("org/apache/flink/connector/kafka/")
                        && !e.startsWith("org/apache/flink/connector/base/")
                        // the connector's table and legacy packages
                        && !e.startsWith("org/apache/flink/streaming/connectors/kafka/")
                        && !e.startsWith("org/apache/flink/streaming/util/serialization/"))
                .isEmpty();
    }

    @Test
    void leavesOutTrainingToolsLoggingAndTheBroker() {
        assertThat(entries)
                .filteredOn(e -> e.startsWith("io/stepcast/tools/")
                        || e.startsWith("io/stepcast/training/")
                        || e.startsWith("org/deeplearning4j/")
                        || e.startsWith("org/nd4j/")
                        || e.startsWith("org/bytedeco/")
                        // the broker (Scala) and its test kit; kafka-clients' own kafka/kafka-version.properties stays
                        || (e.startsWith("kafka/") && e.endsWith(".class"))
                        || e.startsWith("org/apache/kafka/common/test/")
                        || e.startsWith("scala/")
                        || e.startsWith("picocli/")
                        // the trainer's Prometheus client and the cluster's reporter (flink-metrics-prometheus)
                        || e.startsWith("io/prometheus/")
                        || e.startsWith("org/apache/logging/")
                        || e.startsWith("org/slf4j/")
                        || e.startsWith("org/rocksdb/"))
                .isEmpty();
    }

    @Test
    void relocatesJacksonAndSnakeYaml() {
        assertThat(entries)
                .contains("io/stepcast/shaded/com/fasterxml/jackson/databind/ObjectMapper.class")
                .filteredOn(e -> e.startsWith("com/fasterxml/") || e.startsWith("org/yaml/"))
                .isEmpty();
    }

    @Test
    void carriesNoSignaturesOrModuleDescriptors() {
        assertThat(entries)
                .filteredOn(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)") || e.endsWith("module-info.class"))
                .isEmpty();
    }

    @Test
    void staysSmall() throws Exception {
        assertThat(Files.size(JAR)).isLessThan(MAX_BYTES);
    }
}
