package io.stepcast.tools.feed;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a producer at an even rate: the n-th turn comes n / rate seconds after the first, measured
 * from that first turn, so a send that ran late is caught up on instead of delaying every later one.
 * Not thread-safe: one producing thread per pace.
 */
public final class Pace {
    private final double perSecond;
    private long start;
    private long turns;

    private Pace(double perSecond) {
        this.perSecond = perSecond;
    }

    /** {@code perSecond} turns per second; 0 does not wait at all (as fast as the producer takes records). */
    public static Pace perSecond(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate must be finite and not negative, was " + perSecond);
        }
        return new Pace(perSecond);
    }

    /** {@code turns} turns spread evenly over {@code seconds}. */
    public static Pace spread(long turns, double seconds) {
        return perSecond(turns / seconds);
    }

    /** Waits until the next turn is due. */
    public void awaitTurn() {
        long now = System.nanoTime();
        if (turns == 0) {
            start = now;
        }
        if (perSecond > 0) {
            LockSupport.parkNanos(start + (long) (turns / perSecond * 1e9) - now);
        }
        turns++;
    }
}
