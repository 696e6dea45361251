package io.stepcast.runtime.job;

import java.util.Arrays;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogramStatistics;

/**
 * A histogram of the newest {@code window} values, kept as doubles: Flink's {@code Histogram} takes
 * longs, which would round a prediction error of 0.37 to 0. Recording writes one slot of a ring, with no
 * allocation and no lock; a reporter asking for the statistics copies the ring and lets Flink's
 * {@link DescriptiveStatisticsHistogramStatistics} compute quantiles, mean and deviation from the copy.
 *
 * <p>The task thread writes and the reporter's thread reads without synchronisation, as Flink's own
 * {@code SimpleCounter} does: a report may miss the newest few values or mix them with the ones they
 * replace, which a sampled statistic tolerates, and the hot path pays nothing for it.
 */
final class WindowHistogram implements Histogram {
    private final double[] ring;
    private long count;

    WindowHistogram(int window) {
        ring = new double[window];
    }

    void record(double value) {
        ring[(int) (count % ring.length)] = value;
        count++;
    }

    @Override
    public void update(long value) {
        record(value);
    }

    @Override
    public long getCount() {
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        long seen = count;
        return new DescriptiveStatisticsHistogramStatistics(Arrays.copyOf(ring, (int) Math.min(seen, ring.length)));
    }
}
