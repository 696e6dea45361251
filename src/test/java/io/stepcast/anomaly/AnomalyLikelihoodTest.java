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
        return KeyState.fresh(1, 1, features, 1, 0, shortWindow);
    }

    private static JobSpec.Anomaly settings(int warmup, int window, int shortWindow, boolean rangeCheck, double margin) {
        return new JobSpec.Anomaly(0.999, warmup, window, shortWindow, rangeCheck, margin);
    }

    private static double score(KeyState s, JobSpec.Anomaly settings, double error, double value) {
        return AnomalyLikelihood.scoreAndLearn(s, new double[] {error}, new double[] {value}, settings);
    }

    @Test
    void zeroDuringWarmupThenTheTailProbabilityOfTheRawError() {
        JobSpec.Anomaly settings = settings(4, 100, 1, false, 0);
        KeyState s = state(1, 1);
        double[] errors = {0.5, -1, 2, 0.5};
        for (double e : errors) {
            assertThat(score(s, settings, e, 0)).isZero();
        }
        assertThat(s.errCount).isEqualTo(4);
        // raw errors are |e| = 0.5, 1, 2, 0.5: mean 1, population variance 0.375
        assertThat(s.errMean).isCloseTo(1.0, within(1e-15));
        assertThat(s.errVar).isCloseTo(0.375, within(1e-15));
        double z = (3 - 1) / Math.sqrt(0.375);
        assertThat(score(s, settings, -3, 0)).isCloseTo(GAUSS.cumulativeProbability(z), within(1e-12));
        // a smaller-than-usual error is unremarkable: below one half
        assertThat(score(s, settings, 0, 0)).isLessThan(0.5);
    }

    @Test
    void theShortWindowAveragesRecentErrorsAgainstTheirStandardError() {
        JobSpec.Anomaly settings = settings(2, 100, 3, false, 0);
        KeyState s = state(1, 3);
        score(s, settings, 1, 0);
        score(s, settings, 3, 0);
        // before the third error: mean 2, variance 1 (population); the short mean is (1 + 3 + 2.5) / 3
        double shortMean = (1 + 3 + 2.5) / 3;
        double z = (shortMean - 2) / Math.sqrt(1.0 / 3);
        assertThat(score(s, settings, 2.5, 0)).isCloseTo(GAUSS.cumulativeProbability(z), within(1e-12));
        // the ring now holds the last three: 3, 2.5, 4 (1 has dropped out)
        double mean = s.errMean;
        double var = s.errVar;
        double z4 = ((3 + 2.5 + 4) / 3 - mean) / Math.sqrt(var / 3);
        assertThat(score(s, settings, 4, 0)).isCloseTo(GAUSS.cumulativeProbability(z4), within(1e-12));
    }

    @Test
    void featuresCombineAsTheRootMeanSquare() {
        JobSpec.Anomaly settings = settings(2, 100, 1, false, 0);
        KeyState s = state(2, 1);
        double[] values = {0, 0};
        AnomalyLikelihood.scoreAndLearn(s, new double[] {3, 4}, values, settings);
        AnomalyLikelihood.scoreAndLearn(s, new double[] {0, 0}, values, settings);
        // raw errors sqrt((9 + 16) / 2) and 0
        assertThat(s.errMean).isCloseTo(Math.sqrt(12.5) / 2, within(1e-12));
    }

    @Test
    void gaussianErrorsScoreAboveAThresholdAsOftenAsTheTailSays() {
        JobSpec.Anomaly settings = settings(30, 100_000, 1, false, 0);
        KeyState s = state(1, 1);
        Random random = new Random(3);
        int n = 200_000;
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (score(s, settings, random.nextGaussian(), 0) >= 0.99) {
                above++;
            }
        }
        // |N(0,1)| has mean 0.798 and sd 0.603, so Φ(z) ≥ 0.99 means |e| ≥ 0.798 + 2.326 · 0.603 = 2.201,
        // which a standard normal error exceeds with probability 2 · (1 − Φ(2.201)) = 0.0277
        double expected = 2 * (1 - GAUSS.cumulativeProbability(0.7979 + 2.3263 * 0.6028));
        assertThat(above / (double) n).isCloseTo(expected, within(0.002));
    }

    @Test
    void aValueBeyondTheRangeSeenScoresOne() {
        JobSpec.Anomaly settings = settings(2, 100, 1, true, 0.1);
        KeyState s = state(1, 1);
        score(s, settings, 0.5, 10);
        score(s, settings, 0.5, 20);
        // range [10, 20], margin 0.1 · 10 = 1: 21 is inside
        assertThat(score(s, settings, 0.5, 21)).isLessThan(1);
        // range [10, 21], margin 1.1: 22.2 is beyond it
        assertThat(score(s, settings, 0.5, 22.2)).isEqualTo(1);
        // range [10, 22.2], margin 1.22: 8.7 is beyond it, 8.8 would not be
        assertThat(score(s, settings, 0.5, 8.7)).isEqualTo(1);
        assertThat(s.valueMin[0]).isEqualTo(8.7);
        assertThat(s.valueMax[0]).isEqualTo(22.2);
    }

    @Test
    void withoutTheRangeCheckANewLevelScoresByItsErrorOnly() {
        JobSpec.Anomaly settings = settings(2, 100, 1, false, 0);
        KeyState s = state(1, 1);
        score(s, settings, 0.5, 10);
        score(s, settings, 1.5, 20);
        assertThat(score(s, settings, 1.0, 1000)).isCloseTo(0.5, within(1e-12));
    }
}
