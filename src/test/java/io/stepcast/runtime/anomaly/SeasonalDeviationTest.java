package io.stepcast.runtime.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.RankHistory;
import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeasonalDeviationTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final int WARMUP = 30;
    private static final JobSpec.Season DAILY = new JobSpec.Season(Duration.ofDays(1), 0.9, 5, 1000);

    private static KeyState state() {
        return KeyState.fresh(1, 1, 1, 1, 0, AnomalyLikelihood.BINS, 5, 0);
    }

    /** Hourly values with a daily rhythm (a high plateau from 9:00 to 18:00) and a little noise. */
    private static double daily(int hour, Random noise) {
        return (hour % 24 >= 9 && hour % 24 < 18 ? 80 : 20) + noise.nextGaussian();
    }

    /** Feeds one value {@code hour} hours after the first, the key's previous event an hour earlier. */
    private static double feed(KeyState s, JobSpec.Season settings, int hour, double value) {
        return SeasonalDeviation.scoreAndLearn(
                s.season(), hour * HOUR, (hour - 1) * HOUR, new double[] {value}, settings, WARMUP);
    }

    @Test
    void thePeriodIsTheSeasonOverTheMedianSpacing() {
        KeyState s = state();
        long ts = 0;
        long[] intervals = {HOUR, HOUR, 5 * HOUR, HOUR, HOUR, 2 * HOUR, HOUR, HOUR};
        for (long interval : intervals) {
            long previous = ts;
            ts += interval;
            assertThat(SeasonalDeviation.scoreAndLearn(s.season(), ts, previous, new double[] {1, 2}, DAILY, WARMUP))
                    .isZero();
        }
        assertThat(s.season().period()).isEqualTo(24);
        assertThat(s.season().ranks().recentRanks()).isEqualTo(5);
        assertThat(s.season().count()).as("events since the period was fixed").isZero();
    }

    @Test
    void aPeriodOfTooManyEventsTurnsTheScoreOffForThatKey() {
        KeyState s = state();
        for (int i = 1; i <= 8; i++) {
            SeasonalDeviation.scoreAndLearn(s.season(), i * 1000L, (i - 1) * 1000L, new double[] {i}, DAILY, WARMUP);
        }
        // a day of one-second events is 86,400 events, beyond the 4,096 a key may keep
        assertThat(s.season().period()).isEqualTo(-1);
        assertThat(SeasonalDeviation.scoreAndLearn(s.season(), 9000, 8000, new double[] {1e9}, DAILY, WARMUP))
                .isZero();
    }

    @Test
    void aKeyWhoseEventsMostlyShareTheirTimestampGetsNoSeasonalScore() {
        KeyState s = state();
        long[] timestamps = {0, 0, 0, HOUR, HOUR, HOUR, HOUR, 2 * HOUR, 2 * HOUR};
        for (int i = 1; i < timestamps.length; i++) {
            SeasonalDeviation.scoreAndLearn(
                    s.season(), timestamps[i], timestamps[i - 1], new double[] {i}, DAILY, WARMUP);
        }
        // the median interval is 0: no spacing to count a day in
        assertThat(s.season().period()).isEqualTo(-1);
    }

    @Test
    void offUnlessAPeriodIsSet() {
        KeyState s = state();
        Random noise = new Random(1);
        for (int hour = 1; hour < 24 * 20; hour++) {
            assertThat(feed(s, new JobSpec.Season(null, null, null, null), hour, daily(hour, noise)))
                    .isZero();
        }
        assertThat(s.season().period()).isZero();
        assertThat(s.season().count()).as("intervals collected").isZero();
    }

    @Test
    void aMissingDailyPlateauScoresFarAboveEveryUsualDay() {
        KeyState s = state();
        Random noise = new Random(7);
        double usualMax = 0;
        int flatDay = 40;
        for (int hour = 1; hour < 24 * flatDay; hour++) {
            double score = feed(s, DAILY, hour, daily(hour, noise));
            usualMax = Math.max(usualMax, score);
        }
        double flatMax = 0;
        for (int hour = 24 * flatDay; hour < 24 * flatDay + 18; hour++) {
            flatMax = Math.max(flatMax, feed(s, DAILY, hour, 20 + noise.nextGaussian()));
        }
        assertThat(s.season().period()).isEqualTo(24);
        assertThat(usualMax)
                .as("highest score of the usual days")
                .isGreaterThan(0.5)
                .isLessThan(0.9999);
        assertThat(flatMax).as("highest score of the day without its plateau").isGreaterThan(1 - 1e-9);
    }

    @Test
    void aKeyWithoutTheRhythmIsNeverScored() {
        KeyState s = state();
        Random noise = new Random(3);
        for (int hour = 1; hour < 24 * 40; hour++) {
            assertThat(feed(s, DAILY, hour, 50 + 10 * noise.nextGaussian())).isZero();
        }
        // it learnt the deviations all along, only the gate kept them from scoring
        assertThat(s.season().period()).isEqualTo(24);
        assertThat(IntStream.range(0, RankHistory.BINS)
                        .map(b -> s.season().ranks().inBin(b))
                        .sum())
                .isPositive();
    }

    @Test
    void theEventScoreIsTheLargerOfThePredictionAndSeasonalScores() {
        JobSpec.Anomaly withSeason = new JobSpec.Anomaly(0.999, WARMUP, 5, false, 0.01, 0, DAILY);
        KeyState s = state();
        Random noise = new Random(7);
        double flatMax = 0;
        for (int hour = 1; hour < 24 * 41; hour++) {
            boolean flat = hour >= 24 * 40;
            double value = flat ? 20 + noise.nextGaussian() : daily(hour, noise);
            // the model predicts perfectly well throughout: every prediction error is the same
            double seasonal = SeasonalDeviation.scoreAndLearn(
                    s.season(), hour * HOUR, (hour - 1) * HOUR, new double[] {value}, DAILY, WARMUP);
            double score = AnomalyLikelihood.scoreAndLearn(
                    s.errors(), new double[] {0.1}, new double[] {value}, seasonal, withSeason);
            if (flat) {
                flatMax = Math.max(flatMax, score);
            }
        }
        assertThat(flatMax).isGreaterThan(1 - 1e-9);
    }
}
