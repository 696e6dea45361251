package io.stepcast.runtime.state;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the seasonal score remembers of a key (see {@code SeasonalDeviation}), all empty while
 * {@code anomaly.season} is off: the key's period in events (0 while its spacing is being estimated
 * from its first intervals, −1 when the period does not fit), those first intervals, the values of
 * the last period (a ring of one value per feature per slot), the events seen since the period was
 * fixed (while it is being estimated: the intervals collected), per feature the running means of x,
 * y, x², y², xy of each value x and the value y a period before it and the moments of their
 * differences, and the histogram and recent ranks of the deviations.
 */
public final class SeasonalStatistics {
    /** Running means per feature in {@link #sums}: x, y, x², y², xy. */
    private static final int SUMS = 5;

    private int period;
    private long[] intervals;
    private double[] values;
    private long count;
    private double[] sums;
    private double[] devMean;
    private double[] devVar;
    private RankHistory ranks;

    SeasonalStatistics(
            int period,
            long[] intervals,
            double[] values,
            long count,
            double[] sums,
            double[] devMean,
            double[] devVar,
            RankHistory ranks) {
        this.period = period;
        this.intervals = intervals;
        this.values = values;
        this.count = count;
        this.sums = sums;
        this.devMean = devMean;
        this.devVar = devVar;
        this.ranks = ranks;
    }

    static SeasonalStatistics fresh() {
        return new SeasonalStatistics(
                0, new long[0], new double[0], 0, new double[0], new double[0], new double[0], RankHistory.of(0, 0));
    }

    /** The period in events; 0 while the key's spacing is being estimated, −1 when it has no seasonal score. */
    public int period() {
        return period;
    }

    /** Collects one of the first {@code samples} intervals; returns how many are collected. */
    public int collectInterval(long interval, int samples) {
        if (intervals.length == 0) {
            intervals = new long[samples];
            count = 0;
        }
        intervals[(int) count++] = interval;
        return (int) count;
    }

    /** The median of the collected intervals. */
    public long medianInterval() {
        long[] sorted = intervals.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Fixes the period and sizes the statistics for it; the intervals are no longer needed. */
    public void fixPeriod(int events, int features, int recentRanks) {
        intervals = new long[0];
        count = 0;
        period = events;
        values = new double[events * features];
        sums = new double[SUMS * features];
        devMean = new double[features];
        devVar = new double[features];
        ranks = RankHistory.of(RankHistory.BINS, recentRanks);
    }

    /** Gives the key no seasonal score: its period does not fit. */
    public void giveUp() {
        intervals = new long[0];
        count = 0;
        period = -1;
    }

    /** Events seen since the period was fixed. */
    public long count() {
        return count;
    }

    public RankHistory ranks() {
        return ranks;
    }

    /**
     * Root mean square over features of the difference between {@code observed} and the values a
     * period earlier, each over the running standard deviation of those differences.
     */
    public double deviation(double[] observed) {
        int slot = slot(observed.length);
        double sumSquares = 0;
        for (int f = 0; f < observed.length; f++) {
            double d = (observed[f] - values[slot + f]) / scale(devVar[f]);
            sumSquares += d * d;
        }
        return Math.sqrt(sumSquares / observed.length);
    }

    /** The lowest, over features, running correlation between values and those a period earlier. */
    public double minCorrelation(int features) {
        double min = 1;
        for (int f = 0; f < features; f++) {
            min = Math.min(min, correlation(f * SUMS));
        }
        return min;
    }

    /**
     * Folds the pairs (value now, value a period ago) into the running means over about the last
     * {@code window} pairs; {@code pairs} counts them including these.
     */
    public void learnPair(double[] observed, long pairs, int window) {
        int slot = slot(observed.length);
        double alpha = 1.0 / Math.min(pairs, window);
        for (int f = 0; f < observed.length; f++) {
            double x = observed[f];
            double y = values[slot + f];
            double[] m = sums;
            int o = f * SUMS;
            m[o] += alpha * (x - m[o]);
            m[o + 1] += alpha * (y - m[o + 1]);
            m[o + 2] += alpha * (x * x - m[o + 2]);
            m[o + 3] += alpha * (y * y - m[o + 3]);
            m[o + 4] += alpha * (x * y - m[o + 4]);
            Moments.update(devMean, devVar, f, pairs, window, x - y);
        }
    }

    /** Keeps the event's values for a period and counts the event. */
    public void remember(double[] observed) {
        System.arraycopy(observed, 0, values, slot(observed.length), observed.length);
        count++;
    }

    private int slot(int features) {
        return (int) (count % period) * features;
    }

    /** Pearson correlation from the running means at {@code o}; 0 when either side is constant. */
    private double correlation(int o) {
        double[] m = sums;
        double varX = m[o + 2] - m[o] * m[o];
        double varY = m[o + 3] - m[o + 1] * m[o + 1];
        if (!(varX > 0 && varY > 0)) {
            return 0;
        }
        double product = varX * varY;
        // Values beyond about 1e77 make the variances' product overflow (the correlation read 0), values
        // below about 1e-77 make it underflow to 0 (the correlation read ±∞ or NaN); the product of the
        // roots does neither, but is kept to those cases so every other correlation keeps its last bit.
        double norm = product >= Double.MIN_NORMAL && product < Double.POSITIVE_INFINITY
                ? Math.sqrt(product)
                : Math.sqrt(varX) * Math.sqrt(varY);
        return (m[o + 4] - m[o] * m[o + 1]) / norm;
    }

    private static double scale(double variance) {
        return variance > 0 ? Math.sqrt(variance) : 1;
    }

    SeasonalStatistics copy() {
        return new SeasonalStatistics(
                period,
                intervals.clone(),
                values.clone(),
                count,
                sums.clone(),
                devMean.clone(),
                devVar.clone(),
                ranks.copy());
    }

    void write(DataOutputView out) throws IOException {
        out.writeInt(period);
        StateIO.writeLongs(intervals, out);
        StateIO.writeDoubles(values, out);
        out.writeLong(count);
        StateIO.writeDoubles(sums, out);
        StateIO.writeDoubles(devMean, out);
        StateIO.writeDoubles(devVar, out);
        ranks.write(out);
    }

    static SeasonalStatistics read(DataInputView in) throws IOException {
        return new SeasonalStatistics(
                in.readInt(),
                StateIO.readLongs(in),
                StateIO.readDoubles(in),
                in.readLong(),
                StateIO.readDoubles(in),
                StateIO.readDoubles(in),
                StateIO.readDoubles(in),
                RankHistory.read(in));
    }
}
