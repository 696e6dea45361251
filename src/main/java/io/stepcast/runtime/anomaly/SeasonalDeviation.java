package io.stepcast.runtime.anomaly;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.RankHistory;
import io.stepcast.runtime.state.SeasonalStatistics;

/**
 * The seasonal score: how unusual the difference between each value and the key's value one season
 * ago is (a day, say), for a key whose values do repeat with that season. It catches what the
 * prediction error misses: a daily pattern that fails to appear, or stays flat, or jumps to a level
 * the key has seen but never at that time of day. The recurrent model follows such a change within a
 * step or two, so its one-step errors stay small; the value a day earlier does not follow.
 *
 * <ol>
 *   <li>Period in events: {@code anomaly.season.period} divided by the key's spacing, the median of
 *       its first {@value #SPACING_SAMPLES} intervals. A key whose period would need more than
 *       {@value #MAX_PERIOD_EVENTS} events, or fewer than 2, gets no seasonal score.</li>
 *   <li>Deviation: per feature the difference from the value a period earlier, over the running
 *       standard deviation of those differences ({@code anomaly.season.window}), root mean square
 *       over features; ranked among past deviations and scored over the last
 *       {@code anomaly.season.shortWindow} ranks, exactly as prediction errors are
 *       ({@link RankHistory}, {@link ErrorRanks}).</li>
 *   <li>Gate: the score counts only while, for every feature, the running correlation between values
 *       and those a period earlier is at least {@code anomaly.season.minCorrelation}. For a key with
 *       no such rhythm the seasonal difference is noise, and scoring it would only add false alarms.</li>
 * </ol>
 * Memory per key is one period of values plus a few numbers per feature: fixed once the period is
 * known, and nothing at all while the seasonal score is off.
 */
public final class SeasonalDeviation {
    /** Intervals whose median is taken as the key's spacing. */
    static final int SPACING_SAMPLES = 8;
    /** Longest period, in events, a key keeps values for (4096 doubles: 32 KB per feature). */
    static final int MAX_PERIOD_EVENTS = 4096;

    private SeasonalDeviation() {}

    /**
     * Scores one event's values, observed at {@code ts} (epoch ms) after the key's previous event at
     * {@code previousTs}, then learns from them. 0 while the key has no seasonal score (yet).
     */
    public static double scoreAndLearn(
            SeasonalStatistics season,
            long ts,
            long previousTs,
            double[] observed,
            JobSpec.Season settings,
            int warmup) {
        if (!settings.enabled() || season.period() < 0) {
            return 0;
        }
        if (season.period() == 0) {
            learnSpacing(season, ts - previousTs, observed.length, settings);
            return 0;
        }
        int period = season.period();
        double score = 0;
        if (season.count() >= period) {
            long pairs = season.count() - period;
            if (pairs >= period) {
                score = scoreDeviation(season, observed, pairs - period, settings, warmup);
            }
            season.learnPair(observed, pairs + 1, settings.window());
        }
        season.remember(observed);
        return score;
    }

    /** Collects the first intervals; once there are enough, fixes the period or gives up. */
    private static void learnSpacing(SeasonalStatistics season, long interval, int features, JobSpec.Season settings) {
        if (season.collectInterval(interval, SPACING_SAMPLES) < SPACING_SAMPLES) {
            return;
        }
        long spacing = season.medianInterval();
        long period = spacing > 0 ? Math.round(settings.period().toMillis() / (double) spacing) : 0;
        if (period < 2 || period > MAX_PERIOD_EVENTS) {
            season.giveUp();
            return;
        }
        season.fixPeriod((int) period, features, settings.shortWindow());
    }

    /**
     * Ranks this event's deviation ({@code inHistogram} deviations ranked before it) and scores the
     * recent ranks if the key is seasonal enough.
     */
    private static double scoreDeviation(
            SeasonalStatistics season, double[] observed, long inHistogram, JobSpec.Season settings, int warmup) {
        double deviation = season.deviation(observed);
        int bin = RankHistory.bin(deviation);
        RankHistory ranks = season.ranks();
        double score = 0;
        if (inHistogram >= warmup) {
            long ranked = inHistogram - warmup;
            int k = ranks.recentRanks();
            ranks.putRank(ranked, ranks.rank(deviation, bin, inHistogram));
            if (ranked + 1 >= k && season.minCorrelation(observed.length) >= settings.minCorrelation()) {
                score = ErrorRanks.likelihood(ranks, ranked, k);
            }
        }
        ranks.count(bin);
        return score;
    }
}
