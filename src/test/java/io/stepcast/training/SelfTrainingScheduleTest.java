package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SelfTrainingScheduleTest {

    private static List<Long> rounds(SelfTrainingSchedule schedule, long upTo) {
        return LongStream.rangeClosed(0, upTo).filter(schedule::due).boxed().toList();
    }

    @Test
    void doublesFromTheFirstRoundThenKeepsTheCadence() {
        assertThat(rounds(new SelfTrainingSchedule(200, 1000), 3000))
                .containsExactly(200L, 400L, 800L, 1000L, 2000L, 3000L);
    }

    @Test
    void aCadenceNoLongerThanTheFirstRoundRepeatsIt() {
        assertThat(rounds(new SelfTrainingSchedule(100, 100), 450)).containsExactly(100L, 200L, 300L, 400L);
    }

    @Test
    void startsAfterTwoSequencesAndFollowsEveryEvents() {
        var training = io.stepcast.TestSpecs.parse("""
                name: t
                training: {sequenceLength: 50, tbptt: 25, everyEvents: 500}
                """).training();
        assertThat(SelfTrainingSchedule.of(training)).isEqualTo(new SelfTrainingSchedule(100, 500));
    }

    @Test
    void rejectsEmptySteps() {
        assertThatThrownBy(() -> new SelfTrainingSchedule(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
