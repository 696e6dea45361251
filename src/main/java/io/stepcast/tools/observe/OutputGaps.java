package io.stepcast.tools.observe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * When predictions reached a consumer, and which of them was the first of a newer model version:
 * from these, the longest stretch without output across each model swap. Thread-safe.
 */
public final class OutputGaps {
    /** After a swap, gaps are watched this long: keys re-warm lazily, on their next event. */
    public static final long AFTER_SWAP_MS = 2000;

    private final List<Long> arrivals = new ArrayList<>();
    private final List<Long> swaps = new ArrayList<>();
    /** Indices of arrivals whose gap to the one before is the producer's doing, not the job's. */
    private final Set<Integer> unmeasured = new HashSet<>();

    private long latestVersion;

    /** Records one prediction of model {@code version} arriving at {@code nanos} (System.nanoTime). */
    public synchronized void arrived(long version, long nanos) {
        if (version > latestVersion) {
            if (latestVersion > 0) {
                swaps.add(nanos);
            }
            latestVersion = version;
        }
        arrivals.add(nanos);
    }

    /**
     * The producer held its input back until now (the demo does, to make sure a swap falls
     * mid-stream): the silence up to the next arrival is no gap of the job's and is not measured.
     */
    public synchronized void inputResumed() {
        unmeasured.add(arrivals.size());
    }

    public synchronized long latestVersion() {
        return latestVersion;
    }

    /**
     * The gap that ends with the first prediction of a new version (the weights were loaded and
     * verified inside it) and every gap in the {@value #AFTER_SWAP_MS} ms after it; 0 without a swap.
     */
    public synchronized long maxGapAroundSwapsMillis() {
        long worst = 0;
        long window = TimeUnit.MILLISECONDS.toNanos(AFTER_SWAP_MS);
        for (long swap : swaps) {
            for (int i = 1; i < arrivals.size(); i++) {
                if (arrivals.get(i) >= swap && arrivals.get(i) <= swap + window && !unmeasured.contains(i)) {
                    worst = Math.max(worst, arrivals.get(i) - arrivals.get(i - 1));
                }
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(worst);
    }
}
