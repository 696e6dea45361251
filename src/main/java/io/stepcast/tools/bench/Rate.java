package io.stepcast.tools.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Steps per second and bytes allocated per step of a loop run on this thread for a fixed time after
 * a warm-up. A quick in-process measure for {@code stepcast bench}; JMH (docs/benchmarks.md) is the
 * careful one.
 */
public record Rate(double stepsPerSecond, double bytesPerStep) {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Measures {@code call}, which performs {@code stepsPerCall} steps. */
    public static Rate of(Runnable call, int stepsPerCall, Duration warmUp, Duration measure) {
        runFor(call, warmUp);
        long thread = Thread.currentThread().getId();
        long bytesBefore = THREADS.getThreadAllocatedBytes(thread);
        long started = System.nanoTime();
        long calls = runFor(call, measure);
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = THREADS.getThreadAllocatedBytes(thread) - bytesBefore;
        long steps = calls * stepsPerCall;
        return new Rate(steps / seconds, (double) bytes / steps);
    }

    private static long runFor(Runnable call, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long calls = 0;
        do {
            for (int i = 0; i < 64; i++) {
                call.run();
            }
            calls += 64;
        } while (System.nanoTime() < end);
        return calls;
    }
}
