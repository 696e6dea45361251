package io.stepcast.tools.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.runtime.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    /** {@code n} rows {@code spacing} apart whose values are 10 × their row number. */
    static List<Event> series(int n, Duration spacing) {
        List<Event> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Event("s", i * spacing.toMillis(), 10.0 * i));
        }
        return rows;
    }

    @Test
    void weeklyLagIsAWeekOverTheSpacing() {
        assertThat(Baselines.weeklyLag(series(10, Duration.ofMinutes(30)))).isEqualTo(336);
        assertThat(Baselines.weeklyLag(series(10, Duration.ofHours(1)))).isEqualTo(168);
        assertThat(Baselines.weeklyLag(series(10, Duration.ofDays(1)))).isEqualTo(7);
    }

    @Test
    void weeklyLagIgnoresAFewMissingAndRepeatedRows() {
        List<Event> rows = new ArrayList<>(series(10, Duration.ofMinutes(30)));
        rows.remove(4); // one 60-minute gap
        rows.add(6, new Event("s", rows.get(5).ts, 1)); // one repeated timestamp
        assertThat(Baselines.weeklyLag(rows)).isEqualTo(336);
    }

    @Test
    void spacingThatDoesNotDivideAWeekFails() {
        assertThatThrownBy(() -> Baselines.weeklyLag(series(10, Duration.ofMinutes(11))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divisor of a week")
                .hasMessageContaining("PT11M");
        assertThatThrownBy(() -> Baselines.weeklyLag(series(1, Duration.ofMinutes(30))))
                .hasMessageContaining("at least two rows");
    }

    @Test
    void persistenceRepeatsTheLastValueAndWeeklyNaiveTheTargetsValueAWeekEarlier() {
        Baselines b = Baselines.of(series(20, Duration.ofDays(1)), 2);
        assertThat(b.weeklyLag()).isEqualTo(7);
        assertThat(b.firstWeeklyNaiveRow()).isEqualTo(5);
        assertThat(b.persistence(9)).isEqualTo(90);
        // made at row 9 for row 11: the value of row 11 − 7 = 4
        assertThat(b.weeklyNaive(9)).isEqualTo(40);
        assertThat(b.weeklyNaive(5)).isZero();
    }

    @Test
    void horizonLongerThanAWeekFails() {
        assertThatThrownBy(() -> Baselines.of(series(20, Duration.ofDays(1)), 8))
                .hasMessageContaining("longer than a week");
    }
}
