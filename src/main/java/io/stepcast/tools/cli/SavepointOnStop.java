package io.stepcast.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * Stops a running job with a savepoint when the JVM is asked to stop (SIGTERM, Ctrl-C): the job's
 * last state and its committed output then agree at one point, and the next start resumes there
 * without replaying anything since the last checkpoint. A SIGKILL runs no hook; the next start then
 * resumes from the newest checkpoint instead.
 *
 * <p>The savepoint is in Flink's canonical format, which any later state backend can read.
 */
final class SavepointOnStop implements AutoCloseable {
    private final Thread hook;

    private SavepointOnStop(Thread hook) {
        this.hook = hook;
    }

    /** Installs the hook for {@code job}, saving into {@code folder} and printing where to {@code out}. */
    static SavepointOnStop install(JobClient job, Path folder, PrintWriter out) {
        Thread hook = new Thread(() -> stop(job, folder, out), "stop-with-savepoint");
        Runtime.getRuntime().addShutdownHook(hook);
        return new SavepointOnStop(hook);
    }

    private static void stop(JobClient job, Path folder, PrintWriter out) {
        out.println("stopping: taking a savepoint…");
        out.flush();
        try {
            String savepoint = job.stopWithSavepoint(false, folder.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();
            out.println("stopped with savepoint " + savepoint);
        } catch (Exception e) {
            // the job may have ended on its own meanwhile; its checkpoints remain for the next start
            out.println(
                    "no savepoint taken (" + e.getMessage() + "); the next start resumes from the newest checkpoint");
        }
        out.flush();
    }

    /** The job ended by itself: a later JVM exit has nothing to stop. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutdown under way: the hook is running and owns the job's end
        }
    }
}
