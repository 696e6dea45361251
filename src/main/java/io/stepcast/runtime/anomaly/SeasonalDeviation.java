package io.stepcast.runtime.anomaly;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.Moments;
import java.util.Arrays;

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
 *       ({@link ErrorRanks}).</li>
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
    /** Running means per feature in {@link KeyState#seasonSums}: x, y, x², y², xy. */
    private static final int SUMS = 5;

    private SeasonalDeviation() {}

    /**
     * Scores one event's values, observed at {@code ts} (epoch ms; the key's previous event was at
     * {@code s.lastTs}), then learns from them. 0 while the key has no seasonal score (yet).
     */
    public static double scoreAndLearn(KeyState s, long ts, double[] observed, JobSpec.Season settings, int warmup) {
        if (!settings.enabled() || s.seasonEvents < 0) {
            return 0;
        }
        if (s.seasonEvents == 0) {
            learnSpacing(s, ts - s.lastTs, observed.length, settings);
            return 0;
        }
        int period = s.seasonEvents;
        int features = observed.length;
        int slot = (int) (s.seasonCount % period) * features;
        double score = 0;
        if (s.seasonCount >= period) {
            long pairs = s.seasonCount - period;
            if (pairs >= period) {
                score = scoreDeviation(s, observed, slot, pairs - period, settings, warmup);
            }
            learnPair(s, observed, slot, pairs + 1, settings.window());
        }
        System.arraycopy(observed, 0, s.seasonValues, slot, features);
        s.seasonCount++;
        return score;
    }

    /** Collects the first intervals; once there are enough, fixes the period and sizes the state. */
    private static void learnSpacing(KeyState s, long interval, int features, JobSpec.Season settings) {
        if (s.seasonIntervals.length == 0) {
            s.seasonIntervals = new long[SPACING_SAMPLES];
            s.seasonCount = 0;
        }
        s.seasonIntervals[(int) s.seasonCount++] = interval;
        if (s.seasonCount < SPACING_SAMPLES) {
            return;
        }
        long[] sorted = s.seasonIntervals.clone();
        Arrays.sort(sorted);
        long spacing = sorted[SPACING_SAMPLES / 2];
        long period = spacing > 0 ? Math.round(settings.period().toMillis() / (double) spacing) : 0;
        s.seasonIntervals = new long[0];
        s.seasonCount = 0;
        if (period < 2 || period > MAX_PERIOD_EVENTS) {
            s.seasonEvents = -1;
            return;
        }
        s.seasonEvents = (int) period;
        s.seasonValues = new double[(int) period * features];
        s.seasonSums = new double[SUMS * features];
        s.seasonDevMean = new double[features];
        s.seasonDevVar = new double[features];
        s.seasonHistogram = new int[ErrorRanks.BINS];
        s.seasonRanks = new double[settings.shortWindow()];
    }

    /**
     * Ranks this event's deviation ({@code inHistogram} deviations ranked before it) and scores the
     * recent ranks if the key is seasonal enough.
     */
    private static double scoreDeviation(KeyState s, double[] observed, int slot, long inHistogram,
            JobSpec.Season settings, int warmup) {
        double sumSquares = 0;
        double minCorrelation = 1;
        for (int f = 0; f < observed.length; f++) {
            double d = (observed[f] - s.seasonValues[slot + f]) / scale(s.seasonDevVar[f]);
            sumSquares += d * d;
            minCorrelation = Math.min(minCorrelation, correlation(s.seasonSums, f * SUMS));
        }
        double deviation = Math.sqrt(sumSquares / observed.length);
        int bin = ErrorRanks.bin(deviation);
        double score = 0;
        if (inHistogram >= warmup) {
            long ranked = inHistogram - warmup;
            int k = s.seasonRanks.length;
            s.seasonRanks[(int) (ranked % k)] = ErrorRanks.rank(s.seasonHistogram, deviation, bin, inHistogram);
            if (ranked + 1 >= k && minCorrelation >= settings.minCorrelation()) {
                score = ErrorRanks.likelihood(s.seasonRanks, ranked, k);
            }
        }
        s.seasonHistogram[bin]++;
        return score;
    }

    /** Folds the pair (value now, value a period ago) into the running means; {@code count} includes it. */
    private static void learnPair(KeyState s, double[] observed, int slot, long count, int window) {
        double alpha = 1.0 / Math.min(count, window);
        for (int f = 0; f < observed.length; f++) {
            double x = observed[f];
            double y = s.seasonValues[slot + f];
            double[] m = s.seasonSums;
            int o = f * SUMS;
            m[o] += alpha * (x - m[o]);
            m[o + 1] += alpha * (y - m[o + 1]);
            m[o + 2] += alpha * (x * x - m[o + 2]);
            m[o + 3] += alpha * (y * y - m[o + 3]);
            m[o + 4] += alpha * (x * y - m[o + 4]);
            Moments.update(s.seasonDevMean, s.seasonDevVar, f, count, window, x - y);
        }
    }

    /** Pearson correlation from the running means at {@code o}; 0 when either side is constant. */
    private static double correlation(double[] m, int o) {
        double varX = m[o + 2] - m[o] * m[o];
        double varY = m[o + 3] - m[o + 1] * m[o + 1];
        if (!(varX > 0 && varY > 0)) {
            return 0;
        }
        return (m[o + 4] - m[o] * m[o + 1]) / Math.sqrt(varX * varY);
    }

    private static double scale(double variance) {
        return variance > 0 ? Math.sqrt(variance) : 1;
    }
}
