package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A key's past errors as a histogram of {@value #BINS} log-spaced bins from 1e{@value #LOG_LOW} to
 * 1e{@value #LOG_HIGH}, and a ring of the ranks of its most recent ones. The prediction-error score
 * and the seasonal one each keep one and rank their errors the same way.
 */
public final class RankHistory {
    /** Histogram bins; with {@link #LOG_LOW}..{@link #LOG_HIGH} about 0.11 decades each. */
    public static final int BINS = 64;

    static final int LOG_LOW = -4;
    static final int LOG_HIGH = 3;

    private final int[] histogram;
    private final double[] recentRanks;

    RankHistory(int[] histogram, double[] recentRanks) {
        this.histogram = histogram;
        this.recentRanks = recentRanks;
    }

    static RankHistory of(int bins, int recentRanks) {
        return new RankHistory(new int[bins], new double[recentRanks]);
    }

    /** The histogram bin of an error; zero and tiny errors share the first bin. */
    public static int bin(double error) {
        if (!(error > 0)) {
            return 0;
        }
        double position = (Math.log10(error) - LOG_LOW) / (LOG_HIGH - LOG_LOW) * BINS;
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor(position)));
    }

    /**
     * Where this error falls among the {@code inHistogram} past ones and itself: (below + half of its
     * bin's + ½) / (past + 1), strictly inside (0, 1), so being the largest of 30 errors is not
     * certainty. An error beyond every past one has the top rank's tail, ½ / (past + 1), divided by
     * how many times it exceeds the largest bin in use (a Pareto tail of index 1): a short history can
     * then still tell a spike ten times the usual errors from one just above them.
     */
    public double rank(double error, int bin, long inHistogram) {
        long below = 0;
        for (int b = 0; b < bin; b++) {
            below += histogram[b];
        }
        double past = inHistogram + 1;
        if (below == inHistogram && histogram[bin] == 0) {
            double exceedance = Math.max(1, error / upperEdge(highestBinInUse()));
            return 1 - 0.5 / past / exceedance;
        }
        return (below + 0.5 * histogram[bin] + 0.5) / past;
    }

    /** Counts an error into its bin. */
    public void count(int bin) {
        histogram[bin]++;
    }

    /** Errors counted in bin {@code bin}. */
    public int inBin(int bin) {
        return histogram[bin];
    }

    /** How many recent ranks the ring holds. */
    public int recentRanks() {
        return recentRanks.length;
    }

    /** Puts the rank of error number {@code index} into the ring, over the one {@link #recentRanks()} before it. */
    public void putRank(long index, double rank) {
        recentRanks[(int) (index % recentRanks.length)] = rank;
    }

    /** The sum of the ranks of errors {@code newest − n + 1} to {@code newest}, newest first. */
    public double sumOfRanks(long newest, int n) {
        int k = recentRanks.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += recentRanks[(int) ((newest - i) % k)];
        }
        return sum;
    }

    private int highestBinInUse() {
        int b = BINS - 1;
        while (b > 0 && histogram[b] == 0) {
            b--;
        }
        return b;
    }

    private static double upperEdge(int bin) {
        return Math.pow(10, LOG_LOW + (bin + 1) * (double) (LOG_HIGH - LOG_LOW) / BINS);
    }

    RankHistory copy() {
        return new RankHistory(histogram.clone(), recentRanks.clone());
    }

    void write(DataOutputView out) throws IOException {
        StateIO.writeInts(histogram, out);
        StateIO.writeDoubles(recentRanks, out);
    }

    static RankHistory read(DataInputView in) throws IOException {
        return new RankHistory(StateIO.readInts(in), StateIO.readDoubles(in));
    }
}
