package io.stepcast.runtime.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.RankHistory;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {
    private static KeyState state(int features, int shortWindow) {
        return KeyState.fresh(1, 1, features, 1, 0, AnomalyLikelihood.BINS, shortWindow, 0);
    }

    private static JobSpec.Anomaly settings(
            int warmup, int shortWindow, boolean rangeCheck, double margin, int suppressHalfLife) {
        return new JobSpec.Anomaly(0.999, warmup, shortWindow, rangeCheck, margin, suppressHalfLife, null);
    }

    private static double score(KeyState s, JobSpec.Anomaly settings, double error, double value) {
        return AnomalyLikelihood.scoreAndLearn(s.errors(), new double[] {error}, new double[] {value}, 0, settings);
    }

    /** Errors counted in the histogram. */
    private static int inHistogram(KeyState s) {
        return IntStream.range(0, RankHistory.BINS)
                .map(b -> s.errors().ranks().inBin(b))
                .sum();
    }

    /** Feeds the errors the warmup leaves out: huge ones, as an unsettled normaliser makes them. */
    private static void settle(KeyState s, JobSpec.Anomaly settings, double value) {
        for (int i = 0; i < settings.warmup(); i++) {
            assertThat(score(s, settings, 1e6, value)).isZero();
        }
    }

    /** The rank of an error beyond all {@code past} ones in the histogram, whose highest is {@code topBin}. */
    private static double beyond(int past, double error, int topBin) {
        double upperEdge = Math.pow(10, -4 + (topBin + 1) * 7.0 / 64);
        return 1 - 0.5 / (past + 1) / (error / upperEdge);
    }

    /** P(sum of n uniform ranks < sum), closed forms of the Irwin–Hall CDF for n ≤ 3. */
    private static double expected(double sum, int n) {
        double x = sum;
        return switch (n) {
            case 1 -> x;
            case 2 -> x <= 1 ? x * x / 2 : 1 - (2 - x) * (2 - x) / 2;
            case 3 ->
                x <= 1
                        ? x * x * x / 6
                        : x <= 2 ? (-2 * x * x * x + 9 * x * x - 9 * x + 3) / 6 : 1 - (3 - x) * (3 - x) * (3 - x) / 6;
            default -> throw new IllegalArgumentException("n " + n);
        };
    }

    @Test
    void binsAreLogSpacedFromATenThousandthToAThousand() {
        assertThat(RankHistory.bin(0)).isZero();
        assertThat(RankHistory.bin(1e-9)).isZero();
        assertThat(RankHistory.bin(1e-4)).isZero();
        // log10(1) = 0 lies 4/7 of the way: bin floor(64 · 4 / 7) = 36
        assertThat(RankHistory.bin(1)).isEqualTo(36);
        assertThat(RankHistory.bin(999)).isEqualTo(63);
        assertThat(RankHistory.bin(1e9)).isEqualTo(63);
        assertThat(RankHistory.bin(Double.NaN)).isZero();
    }

    @Test
    void afterTheWarmupTheErrorsRankAmongThePastOnesAndItself() {
        JobSpec.Anomaly settings = settings(4, 1, false, 0, 0);
        KeyState s = state(1, 1);
        settle(s, settings, 0);
        for (double e : new double[] {0.1, -1, 10, 1}) {
            assertThat(score(s, settings, e, 0)).isZero();
        }
        assertThat(s.errors().count()).isEqualTo(8);
        // the settling errors are not in the histogram: 0.1, 1, 1 and 10 are (bins 27, 36, 36, 45)
        assertThat(inHistogram(s)).isEqualTo(4);
        // 100 is beyond all four, 9.3 times the top of 10's bin
        assertThat(score(s, settings, 100, 0)).isCloseTo(beyond(4, 100, 45), within(1e-12));
        // of the five past errors (0.1, 1, 10, 1, 100), 0.1 is below 1 and the two 1s share its bin
        assertThat(score(s, settings, -1, 0)).isCloseTo((1 + 0.5 * 2 + 0.5) / 6, within(1e-12));
        // an error below all six: ½ / 7
        assertThat(score(s, settings, 0.001, 0)).isCloseTo(0.5 / 7, within(1e-12));
    }

    @Test
    void anErrorFarBeyondAShortHistoryStillScoresHigh() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 0);
        KeyState s = state(1, 1);
        settle(s, settings, 0);
        score(s, settings, 1, 0);
        score(s, settings, 1, 0);
        // two errors of history can only say "largest of three" for an error just above them...
        assertThat(score(s, settings, 1.2, 0)).isCloseTo(beyond(2, 1.2, 36), within(1e-12));
        // ...but one a thousand times larger is news
        assertThat(score(s, settings, 1000, 0))
                .isCloseTo(beyond(3, 1000, 37), within(1e-12))
                .isGreaterThan(0.9998);
    }

    @Test
    void theShortWindowSumsRecentRanksAgainstTheIrwinHallDistribution() {
        JobSpec.Anomaly settings = settings(2, 3, false, 0, 0);
        KeyState s = state(1, 3);
        settle(s, settings, 0);
        score(s, settings, 1, 0);
        score(s, settings, 10, 0);
        // ranks: 100 beyond both, 0.01 below all three (½ / 4), 300 beyond all four, 5000 beyond all five
        double r100 = beyond(2, 100, 45);
        double r001 = 0.5 / 4;
        double r300 = beyond(4, 300, 54);
        double r5000 = beyond(5, 5000, 59);
        assertThat(score(s, settings, 100, 0)).isCloseTo(expected(r100, 1), within(1e-12));
        assertThat(score(s, settings, 0.01, 0)).isCloseTo(expected(r100 + r001, 2), within(1e-12));
        assertThat(score(s, settings, 300, 0)).isCloseTo(expected(r100 + r001 + r300, 3), within(1e-12));
        // the oldest rank drops out as each new one comes in
        assertThat(score(s, settings, 5000, 0)).isCloseTo(expected(r001 + r300 + r5000, 3), within(1e-12));
        // 0.5 is above only 0.01 of the six: 1.5 / 7
        assertThat(score(s, settings, 0.5, 0)).isCloseTo(expected(r300 + r5000 + 1.5 / 7, 3), within(1e-12));
    }

    @Test
    void featuresCombineAsTheRootMeanSquare() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 0);
        KeyState s = state(2, 1);
        double[] values = {0, 0};
        for (int i = 0; i < 2; i++) {
            AnomalyLikelihood.scoreAndLearn(s.errors(), new double[] {1e6, 1e6}, values, 0, settings);
        }
        AnomalyLikelihood.scoreAndLearn(s.errors(), new double[] {3, 4}, values, 0, settings);
        assertThat(s.errors().ranks().inBin(RankHistory.bin(Math.sqrt(12.5)))).isEqualTo(1);
        assertThat(inHistogram(s)).isEqualTo(1);
    }

    @Test
    void usualErrorsOfAnyDistributionScoreAboveAThresholdAsOftenAsTheTailSays() {
        JobSpec.Anomaly settings = settings(30, 5, false, 0, 0);
        Random random = new Random(3);
        int n = 200_000;
        for (String shape : new String[] {"gaussian", "heavy-tailed"}) {
            KeyState s = state(1, 5);
            int above = 0;
            for (int i = 0; i < n; i++) {
                double e = shape.equals("gaussian") ? random.nextGaussian() : Math.pow(random.nextDouble(), -3);
                if (score(s, settings, e, 0) >= 0.99) {
                    above++;
                }
            }
            // calibrated: 1% of usual events score 0.99 or more, whatever the shape of the errors (the
            // histogram's bins, which put nearby errors at one mid-rank, move it a little)
            assertThat(above / (double) n).as(shape).isCloseTo(0.01, within(0.0015));
        }
    }

    @Test
    void aValueBeyondTheRangeSeenScoresOne() {
        JobSpec.Anomaly settings = settings(2, 1, true, 0.1, 0);
        KeyState s = state(1, 1);
        for (double v : new double[] {10, 20, 15, 12}) {
            assertThat(score(s, settings, 0.5, v)).isZero();
        }
        // range [10, 20], margin 0.1 · 10 = 1: 21 is inside
        assertThat(score(s, settings, 0.5, 21)).isLessThan(1);
        // range [10, 21], margin 1.1: 22.2 is beyond it
        assertThat(score(s, settings, 0.5, 22.2)).isEqualTo(1);
        // range [10, 22.2], margin 1.22: 8.7 is beyond it
        assertThat(score(s, settings, 0.5, 8.7)).isEqualTo(1);
        assertThat(s.errors().valueMin(0)).isEqualTo(8.7);
        assertThat(s.errors().valueMax(0)).isEqualTo(22.2);
    }

    @Test
    void withoutTheRangeCheckANewLevelScoresByItsErrorOnly() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 0);
        KeyState s = state(1, 1);
        settle(s, settings, 10);
        score(s, settings, 0.5, 10);
        score(s, settings, 1.5, 20);
        // 1 falls between the two past errors: (1 + ½) / 3
        assertThat(score(s, settings, 1.0, 1000)).isCloseTo(0.5, within(1e-12));
    }

    /** What suppression reports for a raw score, given the peak surprise before the event. */
    private static double excess(double raw, double peakBefore, int halfLife) {
        double surprise = Math.min(-Math.log10(1 - raw), 16);
        return 1 - Math.pow(10, -Math.max(0, surprise - peakBefore * Math.pow(2, -1.0 / halfLife)));
    }

    @Test
    void suppressionReportsOnlyTheExcessOverTheDecayingPeak() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 10);
        KeyState s = state(1, 1);
        settle(s, settings, 0);
        score(s, settings, 1, 0);
        score(s, settings, 1, 0);
        double peakBefore = s.errors().surprisePeak();
        double high = beyond(2, 100, 36);
        assertThat(score(s, settings, 100, 0)).isCloseTo(excess(high, peakBefore, 10), within(1e-12));
        double peak = -Math.log10(1 - high);
        assertThat(s.errors().surprisePeak()).isCloseTo(peak, within(1e-12));
        // 50 ranks (2 + ½) / 4 among 1, 1, 100: below the decayed peak, so nothing is reported
        assertThat(-Math.log10(1 - 2.5 / 4)).isLessThan(peak * Math.pow(2, -0.1));
        assertThat(score(s, settings, 50, 0)).isZero();
        // a higher score reports by how much it beats the decayed peak, and becomes the peak
        double higher = beyond(4, 1e6, 54);
        double decayed = s.errors().surprisePeak() * Math.pow(2, -0.1);
        assertThat(score(s, settings, 1e6, 0))
                .isCloseTo(1 - Math.pow(10, -(-Math.log10(1 - higher) - decayed)), within(1e-12))
                .isLessThan(higher);
        // 60 half-lives later the peak is negligible and an ordinary score passes almost unchanged
        for (int i = 0; i < 600; i++) {
            score(s, settings, 1, 0);
        }
        // below 50: the 602 ones; in its bin: the earlier 50; the two settling errors are not counted
        double rank = (602 + 0.5 + 0.5) / (s.errors().count() - 2 + 1);
        peakBefore = s.errors().surprisePeak();
        assertThat(score(s, settings, 50, 0))
                .isCloseTo(excess(rank, peakBefore, 10), within(1e-12))
                .isCloseTo(rank, within(0.05));
    }

    @Test
    void aNewRangeAlarmsOnceWhileTheKeyKeepsExtendingIt() {
        JobSpec.Anomaly settings = settings(2, 1, true, 0, 1000);
        KeyState s = state(1, 1);
        for (double v : new double[] {0, 1, 0, 1}) {
            score(s, settings, 1, v);
        }
        // a new range scores the maximum surprise, less the small peak the ordinary scores left
        assertThat(score(s, settings, 1, 5)).isGreaterThan(1 - 1e-14);
        // each further step to a new level is no news while that alarm's peak lingers: it reports only
        // what the peak of 16 lost in one event's decay
        double oneEventDecay = 1 - Math.pow(10, -(16 - 16 * Math.pow(2, -1.0 / 1000)));
        assertThat(score(s, settings, 1, 6))
                .isCloseTo(oneEventDecay, within(1e-12))
                .isLessThan(0.03);
        assertThat(score(s, settings, 1, 7)).isCloseTo(oneEventDecay, within(1e-12));
    }

    @Test
    void withoutSuppressionEveryNewRangeScoresOne() {
        JobSpec.Anomaly settings = settings(2, 1, true, 0, 0);
        KeyState s = state(1, 1);
        for (double v : new double[] {0, 1, 0, 1}) {
            score(s, settings, 1, v);
        }
        assertThat(score(s, settings, 1, 5)).isEqualTo(1);
        assertThat(score(s, settings, 1, 6)).isEqualTo(1);
        assertThat(score(s, settings, 1, 3)).isLessThan(1);
    }
}
