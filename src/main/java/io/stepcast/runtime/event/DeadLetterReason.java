package io.stepcast.runtime.event;

import java.util.Locale;

/** Why an input record went to the dead-letter topic instead of the model. */
public enum DeadLetterReason {
    EMPTY_PAYLOAD,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_KEY,
    MISSING_TIME,
    BAD_TIME,
    MISSING_VALUE,
    NON_NUMERIC_VALUE,
    NON_FINITE_VALUE,
    /** Event time at or behind the watermark when it arrived (event-time ordering). */
    LATE_EVENT,
    /** Event time before its key's last processed event (arrival ordering). */
    OUT_OF_ORDER;

    /** The code written in dead-letter records, e.g. {@code missing_key}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
