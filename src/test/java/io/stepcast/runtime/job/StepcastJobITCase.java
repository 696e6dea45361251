package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar's main method end to end, as {@code flink run} calls it: arguments, the first-start
 * announcement of the store's newest model, and predictions from it on a real broker. The
 * environment it gets is this test's MiniCluster, as it would get a cluster's on submission.
 */
class StepcastJobITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final String JOB = """
            name: jar
            kafka: {bootstrap: "nowhere:9092", groupId: jar, startFrom: earliest}
            topics: {events: jar-events, predictions: jar-predictions, deadLetter: jar-dlq, models: jar-models}
            model: {cell: lstm, hidden: 4, store: /nowhere}
            delivery: {guarantee: exactly-once, checkpointInterval: 300ms}
            parallelism: 2
            """;

    @Test
    void mainAnnouncesTheStoresNewestModelAndPredictsWithIt(
            @TempDir Path dir, @InjectClusterClient ClusterClient<?> cluster) throws Exception {
        Path jobFile = Files.writeString(dir.resolve("jar.yaml"), JOB);
        String[] args = {
            "--job",
            jobFile.toString(),
            "--bootstrap",
            KAFKA.bootstrapServers(),
            "--model-store",
            dir.resolve("models").toString()
        };
        JobSpec spec = StepcastJob.spec(args);
        KAFKA.createTopics(
                Map.of("jar-events", 2, "jar-predictions", 2, "jar-dlq", 1, "jar-models", 1), List.of("jar-models"));
        ModelStore store = new ModelStore(spec.model().store());
        ModelPointer model = store.pointer(TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 1)));
        List<Event> events = TestEvents.sensors(4, 11, 0, 20);
        TestEvents.produce(spec, events, null);

        Thread main = new Thread(() -> {
            try {
                StepcastJob.main(args);
            } catch (Exception cancelledAtTheEnd) {
                // env.execute returns only by failing once the test cancels the job
            }
        });
        main.setDaemon(true);
        main.start();
        try {
            List<String> predictions = read(spec.topics().predictions(), events.size());
            assertThat(predictions).hasSize(events.size()).allMatch(p -> p.contains("\"modelVersion\":1"));
            assertThat(new ModelAnnouncements(spec).all()).containsExactly(model);
        } finally {
            for (JobStatusMessage job : cluster.listJobs().get()) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    cluster.cancel(job.getJobId()).get();
                }
            }
            main.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** Committed records only, as a downstream service reads exactly-once output. */
    private static List<String> read(String topic, int expected) {
        Properties props = KafkaClientProperties.at(KAFKA.bootstrapServers()).consumer();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300))
                        .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return values;
    }
}
