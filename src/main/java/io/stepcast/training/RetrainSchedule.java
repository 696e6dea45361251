package io.stepcast.training;

import io.stepcast.runtime.spec.JobSpec;
import java.time.Duration;

/**
 * When the periodic trainer starts its next round: once {@code every} has passed since the last
 * round, or earlier once {@code everyEvents} new events have arrived (when above zero), so a busy
 * topic is learnt from sooner than a quiet one. A pure function, testable without waiting.
 */
public record RetrainSchedule(Duration every, long everyEvents) {

    public static RetrainSchedule of(JobSpec.Training training) {
        return new RetrainSchedule(training.every(), training.everyEvents());
    }

    public boolean due(Duration sinceLastRound, long newEvents) {
        return sinceLastRound.compareTo(every) >= 0 || (countsEvents() && newEvents >= everyEvents);
    }

    /** Whether new events matter at all; if not, nobody needs to ask Kafka for offsets. */
    public boolean countsEvents() {
        return everyEvents > 0;
    }
}
