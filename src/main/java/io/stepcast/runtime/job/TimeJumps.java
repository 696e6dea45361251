package io.stepcast.runtime.job;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.state.KeyState;
import java.io.Serializable;
import java.time.Duration;

/**
 * {@code input.maxTimeJump}: how far an event may lie ahead of its key's last event. The allowance
 * grows by the time between the two events' Kafka records, so a key back after a week's silence is
 * taken, while one wild time in a fast replay is not; record timestamps rather than the clock keep the
 * verdict the same on every replay.
 */
final class TimeJumps implements Serializable {
    private final long maxJumpMs;

    TimeJumps(Duration maxJump) {
        this.maxJumpMs = maxJump.toMillis();
    }

    /**
     * Whether {@code event} jumps too far ahead of the key's last event; never with the check off, nor
     * after a state restored from a format without record timestamps (a key silent since then would
     * otherwise be refused for good).
     */
    boolean refuses(KeyState last, Event event) {
        return last.lastRecordTs() != KeyState.UNKNOWN_RECORD_TS && jumps(last.lastTs(), last.lastRecordTs(), event);
    }

    /**
     * Whether {@code event} lies further ahead of an event at {@code lastTs}, read from a record stamped
     * {@code lastRecordTs}, than the rule allows; never with the check off. The key's check above and
     * the watermarks' ({@link JumpProofWatermarks}) are this one rule.
     */
    boolean jumps(long lastTs, long lastRecordTs, Event event) {
        return maxJumpMs > 0 && event.ts - lastTs > allowance(lastRecordTs, event);
    }

    String detail(KeyState last, Event event) {
        return "event time " + event.ts + " is " + (event.ts - last.lastTs()) + " ms after the key's last event "
                + last.lastTs() + ", more than input.maxTimeJump plus the time between their records ("
                + allowance(last.lastRecordTs(), event) + " ms)";
    }

    private long allowance(long lastRecordTs, Event event) {
        return maxJumpMs + Math.max(0, event.recordTs - lastRecordTs);
    }
}
