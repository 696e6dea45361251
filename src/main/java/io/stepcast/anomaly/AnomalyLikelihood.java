package io.stepcast.anomaly;

import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;

/**
 * The anomaly score: how unlikely the key's recent prediction errors are, given its own past errors,
 * in [0, 1]. O(1) memory per key, all of it in {@link KeyState}.
 *
 * <ol>
 *   <li>Rank: the event's raw error (root mean square over features of the prediction error, in the
 *       key's normalised units) is placed among the key's errors so far, kept as a histogram of
 *       {@value #BINS} log-spaced bins from 1e{@value #LOG_LOW} to 1e{@value #LOG_HIGH}. Ranks need no
 *       assumption about the shape of the error distribution, which varies wildly between series
 *       (heavy tails, spikes, exact zeros), and are uniform on (0, 1) for a key behaving as usual.</li>
 *   <li>Likelihood: the sum of the last {@code anomaly.shortWindow} ranks against the exact
 *       distribution of a sum of that many uniform ranks (Irwin–Hall); the score is the probability
 *       that a usual sum is smaller. With one rank that is the rank itself: the largest of 10,000
 *       errors scores 0.99995. Longer windows catch a run of merely large errors, which no single
 *       error shows; they assume independent errors, so keep them short.</li>
 *   <li>New range ({@code anomaly.rangeCheck}): a value beyond the range the key has shown so far, by
 *       more than {@code anomaly.rangeMargin} of that range, scores 1 whatever the model predicted: a
 *       level never seen before is news even when the model follows it at once.</li>
 *   <li>Suppression ({@code anomaly.suppressHalfLife} events, 0 for none): once a score was high,
 *       later ones are reported in full only if they are higher than it, the peak decaying with this
 *       half-life; others are damped (half their {@code -log10(1 − score)}). One incident then raises
 *       one alarm, not a run of them, yet a bigger one still shows.</li>
 * </ol>
 * The first {@code anomaly.warmup} errors are left out while the key's normaliser settles (its early
 * variance is a guess, so those errors are inflated and would crowd the top of the histogram for
 * good); the next {@code warmup} errors fill the histogram; scoring starts after that, with 0 before.
 * Each error is learnt after scoring, so a spike cannot hide itself.
 */
public final class AnomalyLikelihood {
    /** Histogram bins; with {@link #LOG_LOW}..{@link #LOG_HIGH} about 0.11 decades each. */
    public static final int BINS = 64;
    static final int LOG_LOW = -4;
    static final int LOG_HIGH = 3;
    /** Scores are capped at {@code 1 − 10^−MAX_SURPRISE} for suppression's arithmetic (1 would be infinite). */
    private static final double MAX_SURPRISE = 16;

    private AnomalyLikelihood() {}

    /** Scores one event from its normalised prediction errors and observed values, then learns from it. */
    public static double scoreAndLearn(KeyState s, double[] normalisedError, double[] observed,
            JobSpec.Anomaly settings) {
        double rawError = rootMeanSquare(normalisedError);
        int bin = bin(rawError);
        double score = 0;
        int warmup = settings.warmup();
        if (s.errCount >= 2L * warmup) {
            int k = s.recentRanks.length;
            s.recentRanks[(int) (s.errCount % k)] = rank(s, rawError, bin, s.errCount - warmup);
            int n = (int) Math.min(s.errCount - 2L * warmup + 1, k);
            double rankSum = 0;
            for (int i = 0; i < n; i++) {
                rankSum += s.recentRanks[(int) ((s.errCount - i) % k)];
            }
            score = 1 - IrwinHall.upperTail(n, rankSum);
            if (settings.rangeCheck() && outsideRange(s, observed, settings.rangeMargin())) {
                score = 1;
            }
            score = suppress(s, score, settings.suppressHalfLife());
        }
        learnRange(s, observed);
        if (s.errCount >= warmup) {
            s.errorHistogram[bin]++;
        }
        s.errCount++;
        return score;
    }

    /** The histogram bin of a raw error; zero and tiny errors share the first bin. */
    static int bin(double rawError) {
        if (!(rawError > 0)) {
            return 0;
        }
        double position = (Math.log10(rawError) - LOG_LOW) / (LOG_HIGH - LOG_LOW) * BINS;
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor(position)));
    }

    /**
     * Where this error falls among the past ones and itself: (below + half of its bin's + ½) /
     * (past + 1), strictly inside (0, 1), so being the largest of 30 errors is not certainty. An
     * error beyond every past one has the top rank's tail, ½ / (past + 1), divided by how many times
     * it exceeds the largest bin in use (a Pareto tail of index 1): a short history can then still
     * tell a spike ten times the usual errors from one just above them.
     */
    private static double rank(KeyState s, double rawError, int bin, long inHistogram) {
        long below = 0;
        for (int b = 0; b < bin; b++) {
            below += s.errorHistogram[b];
        }
        double past = inHistogram + 1;
        if (below == inHistogram && s.errorHistogram[bin] == 0) {
            double exceedance = Math.max(1, rawError / upperEdge(highestBinInUse(s)));
            return 1 - 0.5 / past / exceedance;
        }
        return (below + 0.5 * s.errorHistogram[bin] + 0.5) / past;
    }

    private static int highestBinInUse(KeyState s) {
        int b = BINS - 1;
        while (b > 0 && s.errorHistogram[b] == 0) {
            b--;
        }
        return b;
    }

    private static double upperEdge(int bin) {
        return Math.pow(10, LOG_LOW + (bin + 1) * (double) (LOG_HIGH - LOG_LOW) / BINS);
    }

    private static double suppress(KeyState s, double score, int halfLife) {
        if (halfLife == 0) {
            return score;
        }
        double surprise = Math.min(-Math.log10(1 - score), MAX_SURPRISE);
        double peak = s.surprisePeak * Math.pow(2, -1.0 / halfLife);
        s.surprisePeak = Math.max(surprise, peak);
        return surprise > peak ? score : 1 - Math.pow(10, -surprise / 2);
    }

    private static double rootMeanSquare(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum / values.length);
    }

    private static boolean outsideRange(KeyState s, double[] observed, double margin) {
        for (int f = 0; f < observed.length; f++) {
            double slack = margin * (s.valueMax[f] - s.valueMin[f]);
            if (observed[f] > s.valueMax[f] + slack || observed[f] < s.valueMin[f] - slack) {
                return true;
            }
        }
        return false;
    }

    private static void learnRange(KeyState s, double[] observed) {
        for (int f = 0; f < observed.length; f++) {
            boolean first = s.errCount == 0;
            s.valueMin[f] = first ? observed[f] : Math.min(s.valueMin[f], observed[f]);
            s.valueMax[f] = first ? observed[f] : Math.max(s.valueMax[f], observed[f]);
        }
    }
}
