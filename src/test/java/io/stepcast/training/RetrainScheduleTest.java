package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrainScheduleTest {
    @Test
    void dueWhenTheIntervalHasPassed() {
        RetrainSchedule schedule = new RetrainSchedule(Duration.ofMinutes(10), 0);

        assertThat(schedule.due(Duration.ofMinutes(10).minusMillis(1), Long.MAX_VALUE))
                .isFalse();
        assertThat(schedule.due(Duration.ofMinutes(10), 0)).isTrue();
        assertThat(schedule.countsEvents()).isFalse();
    }

    @Test
    void dueEarlierWhenEnoughEventsArrived() {
        RetrainSchedule schedule = new RetrainSchedule(Duration.ofHours(1), 500);

        assertThat(schedule.countsEvents()).isTrue();
        assertThat(schedule.due(Duration.ofMinutes(1), 499)).isFalse();
        assertThat(schedule.due(Duration.ofMinutes(1), 500)).isTrue();
        assertThat(schedule.due(Duration.ofHours(1), 0)).isTrue();
    }

    @Test
    void readsTheJobFile() {
        assertThat(RetrainSchedule.of(TestSpecs.parse("training: {every: 30min, everyEvents: 1000}")
                        .training()))
                .isEqualTo(new RetrainSchedule(Duration.ofMinutes(30), 1000));
        assertThat(RetrainSchedule.of(TestSpecs.parse("name: x").training()))
                .isEqualTo(new RetrainSchedule(Duration.ofHours(1), 0));
    }
}
