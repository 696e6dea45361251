package io.stepcast.runtime.anomaly;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.ErrorStatistics;
import io.stepcast.runtime.state.RankHistory;

/**
 * The anomaly score: how unlikely the key's recent prediction errors are, given its own past errors,
 * in [0, 1]. O(1) memory per key, all of it in the key's {@link ErrorStatistics}.
 *
 * <ol>
 *   <li>Rank: the event's raw error (root mean square over features of the prediction error, in the
 *       key's normalised units) is placed among the key's errors so far, kept as a histogram of
 *       log-spaced bins ({@link RankHistory}). Ranks need no assumption about the shape of the error
 *       distribution, which varies wildly between series (heavy tails, spikes, exact zeros), and are
 *       uniform on (0, 1) for a key behaving as usual.</li>
 *   <li>Likelihood: the sum of the last {@code anomaly.shortWindow} ranks against the exact
 *       distribution of a sum of that many uniform ranks (Irwin–Hall); the score is the probability
 *       that a usual sum is smaller. With one rank that is the rank itself: the largest of 10,000
 *       errors scores 0.99995. Longer windows catch a run of merely large errors, which no single
 *       error shows; they assume independent errors, so keep them short.</li>
 *   <li>Season ({@code anomaly.season}, off by default): the larger of that likelihood and the
 *       {@link SeasonalDeviation seasonal score}, for keys that repeat with a known period.</li>
 *   <li>New range ({@code anomaly.rangeCheck}): a value beyond the range the key has shown so far, by
 *       more than {@code anomaly.rangeMargin} of that range, scores 1 whatever the model predicted: a
 *       level never seen before is news even when the model follows it at once.</li>
 *   <li>Suppression ({@code anomaly.suppressHalfLife} events, 0 for none): a score is reported by how
 *       far its surprise, {@code -log10(1 − score)}, exceeds the key's recent peak surprise, which
 *       decays with this half-life: 1 − 10^−max(0, surprise − peak). One incident then raises one
 *       alarm, not a run of them (a drift to new levels, each a new range, alarms once), yet a bigger
 *       one still shows; a key quiet for many half-lives is scored almost as without it.</li>
 * </ol>
 * The first {@code anomaly.warmup} errors are left out while the key's normaliser settles (its early
 * variance is a guess, so those errors are inflated and would crowd the top of the histogram for
 * good); the next {@code warmup} errors fill the histogram; scoring starts after that, with 0 before.
 * Each error is learnt after scoring, so a spike cannot hide itself.
 */
public final class AnomalyLikelihood {
    /** Bins of the per-key error histogram. */
    public static final int BINS = RankHistory.BINS;
    /** Scores are capped at {@code 1 − 10^−MAX_SURPRISE} for suppression's arithmetic (1 would be infinite). */
    private static final double MAX_SURPRISE = 16;

    private AnomalyLikelihood() {}

    /**
     * Scores one event from its normalised prediction errors, its observed values and its
     * {@link SeasonalDeviation seasonal score} (0 without one), then learns from it.
     */
    public static double scoreAndLearn(
            ErrorStatistics s, double[] normalisedError, double[] observed, double seasonal, JobSpec.Anomaly settings) {
        double rawError = rootMeanSquare(normalisedError);
        int bin = RankHistory.bin(rawError);
        int warmup = settings.warmup();
        RankHistory ranks = s.ranks();
        double score = 0;
        if (s.count() >= 2L * warmup) {
            ranks.putRank(s.count(), ranks.rank(rawError, bin, s.count() - warmup));
            int n = (int) Math.min(s.count() - 2L * warmup + 1, ranks.recentRanks());
            score = Math.max(ErrorRanks.likelihood(ranks, s.count(), n), seasonal);
            if (settings.rangeCheck() && s.outsideRange(observed, settings.rangeMargin())) {
                score = 1;
            }
            score = suppress(s, score, settings.suppressHalfLife());
        }
        s.learnRange(observed);
        if (s.count() >= warmup) {
            ranks.count(bin);
        }
        s.countError();
        return score;
    }

    private static double suppress(ErrorStatistics s, double score, int halfLife) {
        if (halfLife == 0) {
            return score;
        }
        double surprise = Math.min(-Math.log10(1 - score), MAX_SURPRISE);
        double peak = s.surprisePeak() * Math.pow(2, -1.0 / halfLife);
        s.setSurprisePeak(Math.max(surprise, peak));
        return 1 - Math.pow(10, -Math.max(0, surprise - peak));
    }

    private static double rootMeanSquare(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum / values.length);
    }
}
