package io.stepcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {
    private static final NormalDistribution GAUSS = new NormalDistribution();

    private static KeyState state(int features, int shortWindow) {
        return KeyState.fresh(1, 1, features, 1, 0, AnomalyLikelihood.BINS, shortWindow);
    }

    private static JobSpec.Anomaly settings(int warmup, int shortWindow, boolean rangeCheck, double margin,
            int suppressHalfLife) {
        return new JobSpec.Anomaly(0.999, warmup, shortWindow, rangeCheck, margin, suppressHalfLife);
    }

    private static double score(KeyState s, JobSpec.Anomaly settings, double error, double value) {
        return AnomalyLikelihood.scoreAndLearn(s, new double[] {error}, new double[] {value}, settings);
    }

    /** Φ(z) for a mean of n ranks, against uniform ranks. */
    private static double expected(double meanRank, int n) {
        return GAUSS.cumulativeProbability((meanRank - 0.5) * Math.sqrt(12.0 * n));
    }

    @Test
    void binsAreLogSpacedFromATenThousandthToAThousand() {
        assertThat(AnomalyLikelihood.bin(0)).isZero();
        assertThat(AnomalyLikelihood.bin(1e-9)).isZero();
        assertThat(AnomalyLikelihood.bin(1e-4)).isZero();
        // log10(1) = 0 lies 4/7 of the way: bin floor(64 · 4 / 7) = 36
        assertThat(AnomalyLikelihood.bin(1)).isEqualTo(36);
        assertThat(AnomalyLikelihood.bin(999)).isEqualTo(63);
        assertThat(AnomalyLikelihood.bin(1e9)).isEqualTo(63);
        assertThat(AnomalyLikelihood.bin(Double.NaN)).isZero();
    }

    @Test
    void zeroDuringWarmupThenTheTailProbabilityOfTheErrorsRank() {
        JobSpec.Anomaly settings = settings(4, 1, false, 0, 0);
        KeyState s = state(1, 1);
        for (double e : new double[] {0.1, -1, 10, 1}) {
            assertThat(score(s, settings, e, 0)).isZero();
        }
        assertThat(s.errCount).isEqualTo(4);
        // 100 is above all four past errors: rank 1
        assertThat(score(s, settings, 100, 0)).isCloseTo(expected(1, 1), within(1e-12));
        // of the five past errors (0.1, 1, 10, 1, 100), 0.1 is below 1 and the two 1s share its bin
        assertThat(score(s, settings, -1, 0)).isCloseTo(expected((1 + 0.5 * 2) / 5, 1), within(1e-12));
        // an error below all of them: rank 0
        assertThat(score(s, settings, 0.001, 0)).isCloseTo(expected(0, 1), within(1e-12));
    }

    @Test
    void theShortWindowAveragesTheRanksOfRecentErrors() {
        JobSpec.Anomaly settings = settings(2, 3, false, 0, 0);
        KeyState s = state(1, 3);
        score(s, settings, 1, 0);
        score(s, settings, 10, 0);
        // ranks: 1 (100 is above both), 0 (0.01 is below all three), 1 (300 is above all four)
        assertThat(score(s, settings, 100, 0)).isCloseTo(expected(1, 1), within(1e-12));
        assertThat(score(s, settings, 0.01, 0)).isCloseTo(expected(0.5, 2), within(1e-12));
        assertThat(score(s, settings, 300, 0)).isCloseTo(expected(2.0 / 3, 3), within(1e-12));
        // the oldest rank drops out as each new one comes in: 5000 ranks 1, then 0.5 ranks 1/6
        assertThat(score(s, settings, 5000, 0)).isCloseTo(expected(2.0 / 3, 3), within(1e-12));
        assertThat(score(s, settings, 0.5, 0)).isCloseTo(expected((1 + 1 + 1.0 / 6) / 3, 3), within(1e-12));
    }

    @Test
    void featuresCombineAsTheRootMeanSquare() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 0);
        KeyState s = state(2, 1);
        double[] values = {0, 0};
        AnomalyLikelihood.scoreAndLearn(s, new double[] {3, 4}, values, settings);
        assertThat(s.errorHistogram[AnomalyLikelihood.bin(Math.sqrt(12.5))]).isEqualTo(1);
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
            // Φ(z) ≥ 0.99 means a mean rank ≥ 0.5 + 2.326 / √60 = 0.8003; five uniform ranks sum to 4.0015
            // or more with probability (1 − 0.8003·5 + 4)^5 / 5! ≈ 1/120 whatever the errors' shape
            // (Irwin-Hall; the Gaussian approximation of the mean is a little light in the tail)
            assertThat(above / (double) n).as(shape).isCloseTo(1.0 / 120, within(0.0015));
        }
    }

    @Test
    void aValueBeyondTheRangeSeenScoresOne() {
        JobSpec.Anomaly settings = settings(2, 1, true, 0.1, 0);
        KeyState s = state(1, 1);
        score(s, settings, 0.5, 10);
        score(s, settings, 0.5, 20);
        // range [10, 20], margin 0.1 · 10 = 1: 21 is inside
        assertThat(score(s, settings, 0.5, 21)).isLessThan(1);
        // range [10, 21], margin 1.1: 22.2 is beyond it
        assertThat(score(s, settings, 0.5, 22.2)).isEqualTo(1);
        // range [10, 22.2], margin 1.22: 8.7 is beyond it
        assertThat(score(s, settings, 0.5, 8.7)).isEqualTo(1);
        assertThat(s.valueMin[0]).isEqualTo(8.7);
        assertThat(s.valueMax[0]).isEqualTo(22.2);
    }

    @Test
    void withoutTheRangeCheckANewLevelScoresByItsErrorOnly() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 0);
        KeyState s = state(1, 1);
        score(s, settings, 0.5, 10);
        score(s, settings, 1.5, 20);
        assertThat(score(s, settings, 1.0, 1000)).isCloseTo(expected(0.5, 1), within(1e-12));
    }

    @Test
    void afterAHighScoreLowerOnesAreDampedUntilThePeakHasDecayed() {
        JobSpec.Anomaly settings = settings(2, 1, false, 0, 10);
        KeyState s = state(1, 1);
        score(s, settings, 1, 0);
        score(s, settings, 1, 0);
        double high = expected(1, 1);
        assertThat(score(s, settings, 100, 0)).isCloseTo(high, within(1e-12));
        double peak = -Math.log10(1 - high);
        assertThat(s.surprisePeak).isCloseTo(peak, within(1e-12));
        // 50 ranks 2/3 among 1, 1, 100: lower than the decayed peak, so half its surprise is reported
        double lower = -Math.log10(1 - expected(2.0 / 3, 1));
        assertThat(lower).isLessThan(peak * Math.pow(2, -0.1));
        assertThat(score(s, settings, 50, 0)).isCloseTo(1 - Math.pow(10, -lower / 2), within(1e-12));
        // a higher score passes in full and becomes the peak
        assertThat(score(s, settings, 1000, 0)).isCloseTo(high, within(1e-12));
        // 60 half-lives later the peak is negligible and the same ordinary score passes unchanged
        for (int i = 0; i < 600; i++) {
            score(s, settings, 1, 0);
        }
        // below 50: the 602 ones; in its bin: the earlier 50
        double rank = (602 + 0.5) / s.errCount;
        assertThat(score(s, settings, 50, 0)).isCloseTo(expected(rank, 1), within(1e-12));
    }

    @Test
    void aNewRangeIsNeverDamped() {
        JobSpec.Anomaly settings = settings(2, 1, true, 0, 1000);
        KeyState s = state(1, 1);
        score(s, settings, 1, 0);
        score(s, settings, 1, 1);
        assertThat(score(s, settings, 1, 5)).isEqualTo(1);
        assertThat(score(s, settings, 1, 6)).isEqualTo(1);
        assertThat(score(s, settings, 1, 3)).isLessThan(1);
    }
}
