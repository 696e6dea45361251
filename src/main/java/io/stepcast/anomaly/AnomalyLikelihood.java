package io.stepcast.anomaly;

import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import org.apache.commons.math3.special.Erf;

/**
 * The anomaly score: how unlikely the key's recent prediction errors are, given its own past errors,
 * in [0, 1]. O(1) memory per key, all of it in {@link KeyState}.
 *
 * <ol>
 *   <li>Rank: the event's raw error (root mean square over features of the prediction error, in the
 *       key's normalised units) is placed in the key's error distribution so far, a histogram of
 *       {@value #BINS} log-spaced bins from 1e{@value #LOG_LOW} to 1e{@value #LOG_HIGH}: the share of
 *       past errors below it. Ranks need no assumption about the error distribution's shape, which
 *       varies wildly between series (heavy tails, spikes, exact zeros), and are uniform on [0, 1]
 *       for a key behaving as usual.</li>
 *   <li>Likelihood: the mean of the last {@code anomaly.shortWindow} ranks, against the mean 1/2 and
 *       variance 1/(12·n) that uniform ranks would give; the score is the Gaussian probability that a
 *       usual mean is smaller, {@code Φ(z)}. A short window of 1 scores single spikes; longer ones
 *       catch a run of merely large errors, which no single error shows.</li>
 *   <li>New range ({@code anomaly.rangeCheck}): a value beyond the range the key has shown so far, by
 *       more than {@code anomaly.rangeMargin} of that range, scores 1 whatever the model predicted: a
 *       level never seen before is news even when the model follows it at once.</li>
 *   <li>Suppression ({@code anomaly.suppressHalfLife} events, 0 for none): once a score was high,
 *       later ones are reported in full only if they are higher than it, the peak decaying with this
 *       half-life; others are damped (half their {@code -log10(1 − score)}). One incident then raises
 *       one alarm, not a run of them, yet a bigger one still shows.</li>
 * </ol>
 * Until {@code anomaly.warmup} errors were seen the score is 0. Each error is learnt after scoring,
 * so a spike cannot hide itself.
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
        int bin = bin(rootMeanSquare(normalisedError));
        double score = 0;
        if (s.errCount >= settings.warmup()) {
            int k = s.recentRanks.length;
            s.recentRanks[(int) (s.errCount % k)] = rank(s, bin);
            int n = (int) Math.min(s.errCount - settings.warmup() + 1, k);
            double meanRank = 0;
            for (int i = 0; i < n; i++) {
                meanRank += s.recentRanks[(int) ((s.errCount - i) % k)];
            }
            meanRank /= n;
            double z = (meanRank - 0.5) * Math.sqrt(12.0 * n);
            score = 0.5 * Erf.erfc(-z / Math.sqrt(2));
            if (settings.rangeCheck() && outsideRange(s, observed, settings.rangeMargin())) {
                score = 1;
            }
            score = suppress(s, score, settings.suppressHalfLife());
        }
        learnRange(s, observed);
        s.errorHistogram[bin]++;
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

    /** Share of past errors below this bin, counting those in it as half below (a mid-rank). */
    private static double rank(KeyState s, int bin) {
        long below = 0;
        for (int b = 0; b < bin; b++) {
            below += s.errorHistogram[b];
        }
        return (below + 0.5 * s.errorHistogram[bin]) / s.errCount;
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
