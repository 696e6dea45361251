package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the anomaly score remembers of a key's prediction errors (see {@code AnomalyLikelihood}): how
 * many it has learnt, their histogram and recent ranks, the decaying peak surprise for suppression,
 * and the range of values seen per feature.
 */
public final class ErrorStatistics {
    private long count;
    private final RankHistory ranks;
    private double surprisePeak;
    private final double[] valueMin;
    private final double[] valueMax;

    ErrorStatistics(long count, RankHistory ranks, double surprisePeak, double[] valueMin, double[] valueMax) {
        this.count = count;
        this.ranks = ranks;
        this.surprisePeak = surprisePeak;
        this.valueMin = valueMin;
        this.valueMax = valueMax;
    }

    static ErrorStatistics fresh(int features, int histogramBins, int recentRanks) {
        return new ErrorStatistics(
                0, RankHistory.of(histogramBins, recentRanks), 0, new double[features], new double[features]);
    }

    /** Errors learnt so far. */
    public long count() {
        return count;
    }

    public RankHistory ranks() {
        return ranks;
    }

    public double surprisePeak() {
        return surprisePeak;
    }

    public void setSurprisePeak(double peak) {
        surprisePeak = peak;
    }

    /** Whether a value lies beyond the range seen so far by more than {@code margin} of that range. */
    public boolean outsideRange(double[] observed, double margin) {
        for (int f = 0; f < observed.length; f++) {
            double slack = margin * (valueMax[f] - valueMin[f]);
            if (observed[f] > valueMax[f] + slack || observed[f] < valueMin[f] - slack) {
                return true;
            }
        }
        return false;
    }

    /** Widens the range to the observed values; the first error's values are the range. */
    public void learnRange(double[] observed) {
        for (int f = 0; f < observed.length; f++) {
            boolean first = count == 0;
            valueMin[f] = first ? observed[f] : Math.min(valueMin[f], observed[f]);
            valueMax[f] = first ? observed[f] : Math.max(valueMax[f], observed[f]);
        }
    }

    public double valueMin(int f) {
        return valueMin[f];
    }

    public double valueMax(int f) {
        return valueMax[f];
    }

    /** Counts one more error learnt. */
    public void countError() {
        count++;
    }

    ErrorStatistics copy() {
        return new ErrorStatistics(count, ranks.copy(), surprisePeak, valueMin.clone(), valueMax.clone());
    }

    void write(DataOutputView out) throws IOException {
        out.writeLong(count);
        ranks.write(out);
        out.writeDouble(surprisePeak);
        StateIO.writeDoubles(valueMin, out);
        StateIO.writeDoubles(valueMax, out);
    }

    static ErrorStatistics read(DataInputView in) throws IOException {
        return new ErrorStatistics(
                in.readLong(), RankHistory.read(in), in.readDouble(), StateIO.readDoubles(in), StateIO.readDoubles(in));
    }
}
