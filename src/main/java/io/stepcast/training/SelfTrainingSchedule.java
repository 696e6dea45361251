package io.stepcast.training;

import io.stepcast.runtime.spec.JobSpec;

/**
 * When a self-training series ({@link SelfTrainingSeries}) retrains, by the number of events it has
 * seen: first after {@code first} events, then each time the count doubles, so a young series gets a
 * usable model early and improves it quickly; once the doubling step would exceed {@code every}, every
 * {@code every} events. A pure function of the count.
 */
public record SelfTrainingSchedule(long first, long every) {

    public SelfTrainingSchedule {
        if (first < 1 || every < 1) {
            throw new IllegalArgumentException("first and every must be at least 1, got " + first + " and " + every);
        }
    }

    /** Starts at two training sequences' worth of events and then follows {@code training.everyEvents}. */
    public static SelfTrainingSchedule of(JobSpec.Training training) {
        long first = 2L * training.sequenceLength();
        return new SelfTrainingSchedule(first, Math.max(first, training.everyEvents()));
    }

    /** Whether a round is due before the next event, with {@code seen} events so far. */
    public boolean due(long seen) {
        if (seen < first) {
            return false;
        }
        if (seen < every) {
            return seen % first == 0 && Long.bitCount(seen / first) == 1;
        }
        return seen % every == 0;
    }
}
