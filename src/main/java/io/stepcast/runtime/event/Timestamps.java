package io.stepcast.runtime.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Timestamp text as found in event payloads and CSV files: an ISO-8601 instant
 * ({@code 2026-01-05T10:15:00Z}), an offset date-time, a local date-time read as UTC
 * ({@code 2014-07-01 00:00:00}, the NAB corpus's form; its label windows add microseconds,
 * {@code 2014-04-10 07:15:00.000000}), or epoch milliseconds. Digits below the millisecond are dropped.
 */
public final class Timestamps {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter();
    /** {@code yyyy-MM-dd}: a '-' past it starts a UTC offset. */
    private static final int DATE_LENGTH = 10;

    private Timestamps() {}

    /** Epoch milliseconds, or {@link DateTimeParseException} naming the text. */
    public static long parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 18) {
            return Long.parseLong(t);
        }
        if (!hasOffset(t)) {
            // the common CSV case (NAB's files); skips two failed parses, and their exceptions, per row
            return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        }
    }

    /** Whether the text ends in a zone offset, without which neither Instant nor OffsetDateTime parses it. */
    private static boolean hasOffset(String t) {
        return t.endsWith("Z") || t.lastIndexOf('+') > DATE_LENGTH || t.lastIndexOf('-') > DATE_LENGTH;
    }
}
