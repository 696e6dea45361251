package io.stepcast.tools.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process this JVM started for a cluster, so that none outlives it: a JobManager, TaskManager
 * or broker left behind holds its ports and memory, and the next run fails or doubles the work. A
 * shutdown hook stops the live ones when this JVM exits or is stopped by a signal it can handle;
 * nothing can help after a SIGKILL of this JVM itself.
 */
final class LiveProcesses {
    /** Flink and Kafka shut down cleanly on SIGTERM in a few seconds; after this, SIGKILL. */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(List.copyOf(LIVE)), "stop-cluster-processes"));
    }

    private LiveProcesses() {}

    static Process track(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    /** SIGTERM to all at once (they shut down in parallel), then SIGKILL to those still alive after the grace. */
    static void stop(List<Process> processes) {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Process process : processes) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** SIGKILL (what {@link Process#destroyForcibly} sends on Linux), and wait until the process is gone. */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for process " + process.pid() + " to die", e);
        }
    }
}
