package io.stepcast.tools.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.tools.forecast.ErrorMetrics.Score;
import org.junit.jupiter.api.Test;

class ErrorMetricsTest {

    @Test
    void weightedMapeAndNrmseOfAHandComputedCase() {
        ErrorMetrics m = new ErrorMetrics();
        m.add(10, 12);
        m.add(20, 18);
        m.add(30, 33);
        Score s = m.score();
        // |e| = 2, 2, 3 over |y| = 60; RMSE = √(17/3) over the actuals' population sd √(200/3)
        assertThat(s.mape()).isCloseTo(7.0 / 60, within(1e-15));
        assertThat(s.nrmse()).isCloseTo(Math.sqrt(17.0 / 200), within(1e-15));
        assertThat(s.count()).isEqualTo(3);
    }

    @Test
    void mapeWeighsErrorsByTheActualsNotRatioByRatio() {
        ErrorMetrics m = new ErrorMetrics();
        m.add(1, 2);
        m.add(99, 99);
        // a mean of ratios would say 0.5; the weighted form says 1/100
        assertThat(m.score().mape()).isCloseTo(0.01, within(1e-15));
    }

    @Test
    void perfectForecastScoresZero() {
        ErrorMetrics m = new ErrorMetrics();
        m.add(5, 5);
        m.add(7, 7);
        assertThat(m.score()).isEqualTo(new Score(0, 0, 2));
    }

    @Test
    void nothingScoredIsUndefined() {
        Score s = new ErrorMetrics().score();
        assertThat(s.mape()).isNaN();
        assertThat(s.nrmse()).isNaN();
        assertThat(s.count()).isZero();
    }
}
