package io.stepcast.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentsTest {

    private static double[] randomValues(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 50 + 10 * random.nextDouble(-1, 1) + (i % 7); // offset level, not centred on 0
        }
        return values;
    }

    private static void assertRelativelyClose(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void withinTheWindowItIsTheExactPopulationMeanAndVariance() {
        double[] values = randomValues(11, 500);
        double[] mean = new double[2];
        double[] var = new double[2];
        for (int n = 1; n <= values.length; n++) {
            Moments.update(mean, var, 1, n, 500, values[n - 1]);
            // two-pass reference over the first n values
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[i];
            }
            double m = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                ss += (values[i] - m) * (values[i] - m);
            }
            assertRelativelyClose(mean[1], m, "mean after " + n);
            assertRelativelyClose(var[1], ss / n, "variance after " + n);
        }
        assertThat(mean[0]).isZero(); // other slot untouched
        assertThat(var[0]).isZero();
    }

    @Test
    void firstValueGivesItsOwnMeanAndZeroVariance() {
        double[] mean = {123};
        double[] var = {456};
        Moments.update(mean, var, 0, 1, 10, 7.5);
        assertThat(mean[0]).isEqualTo(7.5);
        assertThat(var[0]).isZero();
    }

    @Test
    void afterTheWindowItIsAnEwmaWithAlphaOneOverWindow() {
        int window = 50;
        double[] values = randomValues(12, 400);
        double[] mean = new double[1];
        double[] var = new double[1];
        double refMean = 0;
        double refVar = 0;
        for (int n = 1; n <= values.length; n++) {
            double x = values[n - 1];
            Moments.update(mean, var, 0, n, window, x);
            if (n <= window) {
                // exact statistics of the first n values
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += values[i];
                }
                refMean = sum / n;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    ss += (values[i] - refMean) * (values[i] - refMean);
                }
                refVar = ss / n;
            } else {
                // textbook exponentially weighted mean and variance
                double a = 1.0 / window;
                double previousMean = refMean;
                refMean = (1 - a) * refMean + a * x;
                refVar = (1 - a) * refVar + a * (1 - a) * (x - previousMean) * (x - previousMean);
            }
            assertRelativelyClose(mean[0], refMean, "mean after " + n);
            assertRelativelyClose(var[0], refVar, "variance after " + n);
        }
    }

    @Test
    void afterTheWindowOldHistoryFades() {
        int window = 20;
        double[] mean = new double[1];
        double[] var = new double[1];
        long n = 0;
        for (int i = 0; i < 1000; i++) {
            Moments.update(mean, var, 0, ++n, window, 0.0);
        }
        for (int i = 0; i < 2000; i++) {
            Moments.update(mean, var, 0, ++n, window, 100.0);
        }
        // a plain running mean would sit at 66.7; the bounded memory has moved to the new level
        assertThat(mean[0]).isCloseTo(100.0, within(1e-9));
        assertThat(var[0]).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void scaleIsOneForConstantInputAndSdOtherwise() {
        double[] mean = new double[1];
        double[] var = new double[1];
        for (int n = 1; n <= 100; n++) {
            Moments.update(mean, var, 0, n, 30, 1e6 + 0.1);
            assertThat(var[0]).isZero();
            assertThat(Moments.scale(mean, var, 0)).isEqualTo(1.0);
        }

        double[] m2 = {0, 3};
        double[] v2 = {4, 0.25};
        assertThat(Moments.scale(m2, v2, 0)).isEqualTo(2.0);
        assertThat(Moments.scale(m2, v2, 1)).isEqualTo(0.5);
        // a variance far too small for the mean's magnitude counts as constant
        assertThat(Moments.scale(new double[] {1e6}, new double[] {1e-12}, 0)).isEqualTo(1.0);
    }
}
