package io.stepcast.runtime.anomaly;

/**
 * Ranks a non-negative error among a key's past errors, kept as a histogram of {@value #BINS}
 * log-spaced bins from 1e{@value #LOG_LOW} to 1e{@value #LOG_HIGH}, and turns the sum of the last few
 * ranks into a tail probability. Shared by the prediction-error score ({@link AnomalyLikelihood}) and
 * the seasonal one ({@link SeasonalDeviation}), which rank different errors the same way.
 */
final class ErrorRanks {
    /** Histogram bins; with {@link #LOG_LOW}..{@link #LOG_HIGH} about 0.11 decades each. */
    static final int BINS = 64;
    static final int LOG_LOW = -4;
    static final int LOG_HIGH = 3;

    private ErrorRanks() {}

    /** The histogram bin of an error; zero and tiny errors share the first bin. */
    static int bin(double error) {
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
    static double rank(int[] histogram, double error, int bin, long inHistogram) {
        long below = 0;
        for (int b = 0; b < bin; b++) {
            below += histogram[b];
        }
        double past = inHistogram + 1;
        if (below == inHistogram && histogram[bin] == 0) {
            double exceedance = Math.max(1, error / upperEdge(highestBinInUse(histogram)));
            return 1 - 0.5 / past / exceedance;
        }
        return (below + 0.5 * histogram[bin] + 0.5) / past;
    }

    /**
     * The probability that {@code n} usual ranks sum to less than the newest {@code n} in the ring,
     * whose newest entry sits at {@code newest mod ring.length} (Irwin–Hall tail).
     */
    static double likelihood(double[] ring, long newest, int n) {
        int k = ring.length;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            rankSum += ring[(int) ((newest - i) % k)];
        }
        return 1 - IrwinHall.upperTail(n, rankSum);
    }

    private static int highestBinInUse(int[] histogram) {
        int b = BINS - 1;
        while (b > 0 && histogram[b] == 0) {
            b--;
        }
        return b;
    }

    private static double upperEdge(int bin) {
        return Math.pow(10, LOG_LOW + (bin + 1) * (double) (LOG_HIGH - LOG_LOW) / BINS);
    }
}
