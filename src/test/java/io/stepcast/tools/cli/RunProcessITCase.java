package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process per job (issue 11): {@code java -jar stepcast.jar run} relaunches itself with the vector
 * module, and a SIGKILL to the process the user started must not leave that second JVM running its
 * copy of the job.
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
}
