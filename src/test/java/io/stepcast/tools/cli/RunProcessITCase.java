package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar stepcast.jar run} as a supervisor sees it (issue 11). One process per job: it relaunches
 * itself with the vector module, and a SIGKILL to the process the user started must not leave that second
 * JVM running its copy of the job. Stopped with SIGTERM, it leaves a savepoint the next start resumes from.
 */
class RunProcessITCase {
    private static final Duration START = Duration.ofSeconds(90);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void aSigkillToTheStartedProcessLeavesNoStepcastJvmRunning() throws Exception {
        RunJob job = RunJob.create("one-process", dir, KAFKA);
        try (StepcastProcess run = StepcastProcess.start(dir, "run", job.runArgs())) {
            List<ProcessHandle> jvms = run.awaitDescendants(START);
            // the relaunched JVM is running the job once it has completed a checkpoint
            StepcastProcess.await(() -> job.checkpoints().newest().isPresent(), START, "a completed checkpoint");
            assertThat(jvms).allMatch(ProcessHandle::isAlive);

            run.kill();

            StepcastProcess.await(
                    () -> jvms.stream().noneMatch(ProcessHandle::isAlive),
                    Duration.ofSeconds(30),
                    "every JVM started by pid " + run.pid() + " (" + jvms + ") to end");
        }
    }

    @Test
    void aSigtermStopsWithASavepointThatTheNextStartResumesFrom() throws Exception {
        RunJob job = RunJob.create("stopped", dir, KAFKA);
        Path savepoint;
        try (StepcastProcess run = StepcastProcess.start(dir, "run", job.runArgs())) {
            StepcastProcess.await(() -> job.checkpoints().newest().isPresent(), START, "a completed checkpoint");
            run.stop(START);
            String stopped = run.awaitOutput(line -> line.startsWith("stopped with savepoint "), Duration.ZERO);
            savepoint = Path.of(URI.create(stopped.substring("stopped with savepoint ".length())));
        }
        assertThat(savepoint.getParent()).isEqualTo(job.checkpoints().savepoints());

        try (StepcastProcess again = StepcastProcess.start(dir, "run-again", job.runArgs())) {
            String resumed = again.awaitOutput(line -> line.startsWith("resuming from "), START);
            assertThat(Path.of(resumed.substring("resuming from ".length()))).isEqualTo(savepoint);
        }
    }
}
