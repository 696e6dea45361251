package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.runtime.event.Event;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import io.stepcast.tools.fault.CommittedPredictions;
import io.stepcast.tools.fault.OutputFigures;
import io.stepcast.tools.fault.PacedProducer;
import io.stepcast.tools.fault.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
        try (CommittedPredictions predictions = new CommittedPredictions(a.spec(), START);
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
        try (CommittedPredictions predictions = new CommittedPredictions(b.spec(), START);
                StepcastProcess first = StepcastProcess.start(dir, "run-b", b.runArgs())) {
            // the events start once the job runs (it has completed a checkpoint), so the kill lands mid-stream
            // however slowly the JVMs start
            StepcastProcess.await(() -> b.checkpoints().newest().isPresent(), START, "a completed checkpoint");
            PacedProducer producer = PacedProducer.start(b.spec(), events, EVENTS_PER_SECOND);
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
            long recoveryMillis = predictions.firstArrivalAfter(restartNanos).toMillis();
            OutputFigures figures = OutputFigures.of(expected, predictions.received());
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
                    recoveryMillis,
                    Path.of(resumedFrom.substring("resuming from ".length())).getFileName());
            assertThat(figures).isEqualTo(OutputFigures.NONE);
            assertThat(OutputFigures.byKey(predictions.received())).isEqualTo(OutputFigures.byKey(expected));
        }
    }
}
