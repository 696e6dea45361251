package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 1 (issue 11, figures in docs/reliability.md): {@code run} killed with SIGKILL mid-stream
 * and started again writes exactly what an uninterrupted run writes. Run A processes a fixed input
 * without interruption (and is then stopped with SIGTERM, which must leave a savepoint); run B gets the
 * same input, paced, on topics, group, transactional ids, model store and checkpoints of its own, is
 * killed once it has completed a checkpoint and committed some predictions, and is started again. Per
 * key, B's read_committed predictions must be A's: same records in the same order, none missing, none
 * doubled, every field (doubles in their shortest round-trip text, step, model version) equal.
 */
@Tag("fault")
class RunKillRecoveryITCase {
    private static final int KEYS = 16;
    private static final int STEPS = 250;
    private static final int EVENTS_PER_SECOND = 250;
    private static final Duration START = Duration.ofSeconds(90);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void aKilledRunResumesFromItsCheckpointAndWritesWhatAnUninterruptedRunWrites() throws Exception {
        List<Event> events = TestEvents.sensors(KEYS, 7, 0, STEPS, 5);

        RunJob a = RunJob.create("uninterrupted", dir.resolve("a"), KAFKA);
        TestEvents.produce(a.spec(), events, null);
        List<Received> expected;
        try (PredictionReader predictions = new PredictionReader(a.spec());
                StepcastProcess run = StepcastProcess.start(dir, "run-a", a.runArgs())) {
            predictions.await(events.size());
            // a JVM ended by SIGTERM exits with 128 + 15, after its shutdown hooks
            assertThat(run.stop(START)).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(run.output()).anyMatch(line -> line.startsWith("stopped with savepoint "));
            assertThat(a.checkpoints().newest())
                    .hasValueSatisfying(p ->
                            assertThat(p.getParent()).isEqualTo(a.checkpoints().savepoints()));
            expected = predictions.received();
        }
        assertThat(expected).as("predictions of the uninterrupted run").hasSize(events.size());

        RunJob b = RunJob.create("killed", dir.resolve("b"), KAFKA);
        try (PredictionReader predictions = new PredictionReader(b.spec());
                StepcastProcess first = StepcastProcess.start(dir, "run-b", b.runArgs())) {
            // the events start once the job runs (it has completed a checkpoint), so the kill lands mid-stream
            // however slowly the JVMs start
            StepcastProcess.await(() -> b.checkpoints().newest().isPresent(), START, "a completed checkpoint");
            Thread producer = pacedProducer(b.spec(), events);
            predictions.await(events.size() / 4);
            List<ProcessHandle> jvms = first.awaitDescendants(START);
            first.kill();
            StepcastProcess.await(
                    () -> jvms.stream().noneMatch(ProcessHandle::isAlive),
                    Duration.ofSeconds(30),
                    "the killed run's JVMs to end");
            int committedBeforeKill = predictions.count();
            assertThat(committedBeforeKill).as("killed mid-stream").isLessThan(events.size());

            long restartNanos = System.nanoTime();
            String resumedFrom;
            try (StepcastProcess second = StepcastProcess.start(dir, "run-b-again", b.runArgs())) {
                resumedFrom = second.awaitOutput(line -> line.startsWith("resuming from "), START);
                assertThat(resumedFrom).contains("/chk-");
                predictions.await(events.size());
                producer.join();
                predictions.awaitQuiet(Duration.ofSeconds(2)); // catches any prediction written twice
            }
            long recoveryNanos = predictions.received().stream()
                            .filter(r -> r.nanos() > restartNanos)
                            .findFirst()
                            .orElseThrow()
                            .nanos()
                    - restartNanos;
            Figures figures = Figures.of(expected, predictions.received());
            System.out.printf(
                    Locale.ROOT,
                    "{\"scenario\":\"run SIGKILLed mid-stream, started again\",\"events_in\":%d,"
                            + "\"predictions_out\":%d,\"committed_before_kill\":%d,\"lost\":%d,\"doubled\":%d,"
                            + "\"differing\":%d,\"recovery_ms\":%d,\"resumed_from\":\"%s\"}%n",
                    events.size(),
                    predictions.count(),
                    committedBeforeKill,
                    figures.lost(),
                    figures.doubled(),
                    figures.differing(),
                    recoveryNanos / 1_000_000,
                    Path.of(resumedFrom.substring("resuming from ".length())).getFileName());
            assertThat(figures).isEqualTo(new Figures(0, 0, 0));
            assertThat(byKey(predictions.received())).isEqualTo(byKey(expected));
        }
    }

    /** Sends the events at {@link #EVENTS_PER_SECOND}, a second's worth at a time, so the kill lands mid-stream. */
    private static Thread pacedProducer(JobSpec spec, List<Event> events) {
        Thread producer = new Thread(
                () -> {
                    long start = System.nanoTime();
                    for (int from = 0, second = 0; from < events.size(); from += EVENTS_PER_SECOND, second++) {
                        long due = start + Duration.ofSeconds(second).toNanos();
                        StepcastProcess.await(() -> System.nanoTime() >= due, START, "the next second");
                        TestEvents.produce(
                                spec, events.subList(from, Math.min(events.size(), from + EVENTS_PER_SECOND)), null);
                    }
                },
                "paced-producer");
        producer.start();
        return producer;
    }

    private static Map<String, List<String>> byKey(List<Received> received) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        received.forEach(
                r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.json()));
        return byKey;
    }

    /** A prediction as read: record key, the JSON payload as written, and when it arrived (System.nanoTime). */
    private record Received(String key, long step, String json, long nanos) {}

    /**
     * B against A, by (key, step): A's predictions B lacks, B's predictions beyond the first of a
     * (key, step), and predictions of both whose payloads differ.
     */
    private record Figures(long lost, long doubled, long differing) {
        static Figures of(List<Received> expected, List<Received> actual) {
            Map<String, String> wanted = new HashMap<>();
            expected.forEach(r -> wanted.put(r.key() + "#" + r.step(), r.json()));
            Set<String> seen = new HashSet<>();
            long doubled = 0;
            long differing = 0;
            for (Received r : actual) {
                String id = r.key() + "#" + r.step();
                if (!seen.add(id)) {
                    doubled++;
                } else if (!r.json().equals(wanted.get(id))) {
                    differing++;
                }
            }
            long lost =
                    wanted.keySet().stream().filter(id -> !seen.contains(id)).count();
            return new Figures(lost, doubled, differing);
        }
    }

    /** Reads a job's predictions topic as a downstream service does (read_committed), in the background. */
    private static final class PredictionReader implements AutoCloseable {
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean open = true;

        PredictionReader(JobSpec spec) {
            JsonCodec codec = new JsonCodec(spec.fields().features());
            Properties props = KafkaClientProperties.of(spec).consumer();
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + spec.name());
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<byte[], byte[]> consumer =
                                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                            consumer.subscribe(List.of(spec.topics().predictions()));
                            while (open) {
                                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                                    Prediction p = codec.readPrediction(r.value());
                                    received.add(new Received(
                                            new String(r.key(), StandardCharsets.UTF_8),
                                            p.step,
                                            new String(r.value(), StandardCharsets.UTF_8),
                                            System.nanoTime()));
                                });
                            }
                        }
                    },
                    "prediction-reader");
            thread.start();
        }

        int count() {
            return received.size();
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        void await(int count) {
            StepcastProcess.await(() -> count() >= count, START, count + " predictions (have " + count() + ")");
        }

        /** Waits until nothing has arrived for {@code quiet}. */
        void awaitQuiet(Duration quiet) {
            long quietNanos = quiet.toNanos();
            StepcastProcess.await(
                    () -> System.nanoTime() - received.get(received.size() - 1).nanos() > quietNanos,
                    START,
                    "no prediction for " + quiet);
        }

        @Override
        public void close() throws InterruptedException {
            open = false;
            thread.join();
        }
    }
}
