package io.stepcast.runtime.event;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Why an input record went to the dead-letter topic instead of the model. The codes are part of the
 * dead-letter contract (and label the {@code deadLetters} metric): add codes, never rename one.
 */
public enum DeadLetterReason {
    /** A record with no value at all (a tombstone). */
    TOMBSTONE,
    /** A value longer than {@code input.maxPayloadBytes}, not parsed. */
    PAYLOAD_TOO_LARGE,
    EMPTY_PAYLOAD,
    /** Bytes that are not UTF-8, as JSON must be. */
    INVALID_UTF8,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_KEY,
    /** A key that is neither a string nor an integer. */
    BAD_KEY,
    /** A key longer than {@code input.maxKeyLength} bytes. */
    KEY_TOO_LONG,
    MISSING_TIME,
    /** A time that is not an ISO-8601 instant or epoch milliseconds, or lies before 1970. */
    BAD_TIME,
    /** A time further ahead of the record's Kafka timestamp than {@code input.maxFutureSkew}. */
    FUTURE_TIME,
    MISSING_VALUE,
    NON_NUMERIC_VALUE,
    NON_FINITE_VALUE,
    /** A value beyond {@code input.maxAbsValue} in magnitude. */
    VALUE_OUT_OF_RANGE,
    /** No token field in a job with {@code tokens.field}. */
    MISSING_TOKEN,
    /** A token that is not a string, is empty, longer than {@code tokens.maxLength} or not Unicode. */
    INVALID_TOKEN,
    /** Event time at or behind the watermark when it arrived (event-time ordering). */
    LATE_EVENT,
    /** Event time before its key's last processed event time (arrival ordering). */
    OUT_OF_ORDER,
    /** Event time equal to its key's last processed event time, with {@code input.duplicates: drop}. */
    DUPLICATE,
    /** Event time further ahead of its key's last event than {@code input.maxTimeJump} allows. */
    TIME_JUMP;

    /** The reasons found in keyed state, by the predictor; the others are found by parsing. */
    public static final Set<DeadLetterReason> KEYED =
            Collections.unmodifiableSet(EnumSet.of(LATE_EVENT, OUT_OF_ORDER, DUPLICATE, TIME_JUMP));

    /** The code written in dead-letter records, e.g. {@code missing_key}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
