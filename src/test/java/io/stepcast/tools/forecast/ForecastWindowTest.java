package io.stepcast.tools.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForecastWindowTest {

    @Test
    void endDefaultsToTheLastPredictionTimeWithAKnownTarget() {
        assertThat(ForecastWindow.of(10320, 5, 5000, null)).isEqualTo(new ForecastWindow(5000, 10315));
        assertThat(ForecastWindow.of(10320, 5, 5000, 6000).size()).isEqualTo(1000);
    }

    @Test
    void endPastTheLastKnownTargetIsRefusedWithTheLimit() {
        assertThatThrownBy(() -> ForecastWindow.of(10320, 5, 5000, 10316))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--to-row 10316")
                .hasMessageContaining("at most 10315");
    }

    @Test
    void emptyOrNegativeWindowsAreRefused() {
        assertThatThrownBy(() -> ForecastWindow.of(100, 5, 50, 50)).hasMessageContaining("--from-row 50");
        assertThatThrownBy(() -> ForecastWindow.of(100, 5, -1, null)).hasMessageContaining("--from-row -1");
    }
}
