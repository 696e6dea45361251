package io.stepcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import io.stepcast.state.Moments;
import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class ErrorScoreTest {

    private static KeyState state(int features) {
        return KeyState.fresh(1, 1, features, 1);
    }

    @Test
    void zeroDuringWarmup() {
        JobSpec.Anomaly settings = new JobSpec.Anomaly(0.999, 5, 100);
        KeyState s = state(1);
        double[] errors = {0.3, -2, 50, 1, -7};
        for (double e : errors) {
            assertThat(ErrorScore.scoreAndLearn(s, new double[] {e}, settings)).isZero();
        }
        assertThat(s.errCount).isEqualTo(5);
        // the sixth error is scored against the five before it
        double mean = (0.3 - 2 + 50 + 1 - 7) / 5;
        double var = 0;
        for (double e : errors) {
            var += (e - mean) * (e - mean) / 5;
        }
        double expected = Erf.erf(Math.abs(100 - mean) / Math.sqrt(var) / Math.sqrt(2));
        assertThat(ErrorScore.scoreAndLearn(s, new double[] {100}, settings)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void gaussianErrorsGiveCalibratedScores() {
        JobSpec.Anomaly settings = new JobSpec.Anomaly(0.999, 30, 100_000);
        KeyState s = state(1);
        Random random = new Random(2024);
        for (int i = 0; i < 20_000; i++) {
            ErrorScore.scoreAndLearn(s, new double[] {random.nextGaussian()}, settings);
        }
        assertThat(s.errMean[0]).isCloseTo(0, within(0.03));
        assertThat(s.errVar[0]).isCloseTo(1, within(0.05));

        double mean = s.errMean[0];
        double sd = Math.sqrt(s.errVar[0]);
        KeyState forZero = s.copy();
        double zeroScore = ErrorScore.scoreAndLearn(forZero, new double[] {0}, settings);
        assertThat(zeroScore).isCloseTo(Erf.erf(Math.abs(mean) / sd / Math.sqrt(2)), within(1e-12)).isLessThan(0.03);

        KeyState forSpike = s.copy();
        double spikeScore = ErrorScore.scoreAndLearn(forSpike, new double[] {4}, settings);
        assertThat(spikeScore).isCloseTo(Erf.erf((4 - mean) / sd / Math.sqrt(2)), within(1e-12)).isGreaterThan(0.9999);

        double oneSigma = ErrorScore.scoreAndLearn(s.copy(), new double[] {1}, settings);
        assertThat(oneSigma).isCloseTo(0.6827, within(0.01)); // P(|Z| < 1)
    }

    @Test
    void exactScoreAgainstKnownStatistics() {
        JobSpec.Anomaly settings = new JobSpec.Anomaly(0.999, 10, 1000);
        KeyState s = state(1);
        s.errCount = 10;
        s.errMean[0] = 0;
        s.errVar[0] = 1;
        assertThat(ErrorScore.scoreAndLearn(s.copy(), new double[] {4}, settings))
                .isEqualTo(Erf.erf(4 / Math.sqrt(2)))
                .isGreaterThan(0.9999);
        assertThat(ErrorScore.scoreAndLearn(s.copy(), new double[] {-4}, settings)).isEqualTo(Erf.erf(4 / Math.sqrt(2)));
        assertThat(ErrorScore.scoreAndLearn(s.copy(), new double[] {0}, settings)).isZero();
    }

    @Test
    void scoreIsComputedBeforeTheErrorIsFoldedIn() {
        JobSpec.Anomaly settings = new JobSpec.Anomaly(0.999, 10, 20);
        KeyState s = state(1);
        s.errCount = 10;
        s.errMean[0] = 0.5;
        s.errVar[0] = 0.25;

        double score = ErrorScore.scoreAndLearn(s, new double[] {2}, settings);

        assertThat(score).isEqualTo(Erf.erf((2 - 0.5) / 0.5 / Math.sqrt(2))); // z = 3 against the old statistics
        double[] mean = {0.5};
        double[] var = {0.25};
        Moments.update(mean, var, 0, 11, 20, 2);
        assertThat(s.errCount).isEqualTo(11);
        assertThat(s.errMean[0]).isEqualTo(mean[0]);
        assertThat(s.errVar[0]).isEqualTo(var[0]);
        assertThat(s.errMean[0]).isNotEqualTo(0.5);
    }

    @Test
    void featuresCombineAsRootMeanSquareOfZ() {
        JobSpec.Anomaly settings = new JobSpec.Anomaly(0.999, 2, 1000);
        KeyState s = state(3);
        s.errCount = 2;
        s.errMean[0] = 0.5;
        s.errVar[0] = 4;       // z0 = (2.5 - 0.5) / 2 = 1
        s.errMean[1] = -1;
        s.errVar[1] = 0.25;    // z1 = (0 + 1) / 0.5 = 2
        s.errMean[2] = 0;
        s.errVar[2] = 9;       // z2 = -6 / 3 = -2
        double score = ErrorScore.scoreAndLearn(s, new double[] {2.5, 0, -6}, settings);
        double z = Math.sqrt((1 + 4 + 4) / 3.0);
        assertThat(score).isCloseTo(Erf.erf(z / Math.sqrt(2)), within(1e-15));
    }

    @Test
    void zeroVarianceIsFlooredNotDividedBy() {
        JobSpec.Anomaly settings = new JobSpec.Anomaly(0.999, 2, 1000);
        KeyState s = state(1);
        s.errCount = 2; // mean 0, variance 0: predicted perfectly so far
        double score = ErrorScore.scoreAndLearn(s, new double[] {1e-4}, settings);
        assertThat(score).isCloseTo(Erf.erf(0.1 / Math.sqrt(2)), within(1e-12)); // 1e-4 / sqrt(1e-6) = 0.1
    }
}
