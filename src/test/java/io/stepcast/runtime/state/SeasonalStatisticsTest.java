package io.stepcast.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeasonalStatisticsTest {

    /** The running correlation between values and those a period earlier, for a key whose values repeat. */
    private static double correlationOfRepeatingValues(double amplitude) {
        int period = 12;
        SeasonalStatistics season = SeasonalStatistics.fresh();
        season.fixPeriod(period, 1, 5);
        for (int i = 0; i < 20 * period; i++) {
            double[] observed = {amplitude * (Math.sin(2 * Math.PI * i / period) + 0.01 * (i % 5))};
            if (i >= period) {
                season.learnPair(observed, i - period + 1, 100);
            }
            season.remember(observed);
        }
        return season.minCorrelation(1);
    }

    /**
     * The product of variances beyond 1e154 overflows, that of variances below 1e-154 underflows; the
     * correlation must read the same for them.
     */
    @Test
    void correlationIsTheSameAtAnyScaleUpToTheValueCeiling() {
        double usual = correlationOfRepeatingValues(1);
        assertThat(usual).isGreaterThan(0.99);
        assertThat(correlationOfRepeatingValues(1e100)).isCloseTo(usual, within(1e-9));
        assertThat(correlationOfRepeatingValues(1e-100)).isCloseTo(usual, within(1e-9));
    }
}
