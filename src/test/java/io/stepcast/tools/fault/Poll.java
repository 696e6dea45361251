package io.stepcast.tools.fault;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition by polling: a timeout turns a bug into a failure, never a sleep into an assertion. */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {}

    /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, INTERVAL, timeout, what);
    }

    /** As {@link #until(BooleanSupplier, Duration, String)}, checking every {@code interval} (a costly condition). */
    public static void until(BooleanSupplier condition, Duration interval, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
