package io.stepcast.io;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamp text as found in event payloads and CSV files: an ISO-8601 instant
 * ({@code 2026-01-05T10:15:00Z}), an offset date-time, a local date-time read as UTC
 * ({@code 2014-07-01 00:00:00}, the NAB corpus's form), or epoch milliseconds.
 */
public final class Timestamps {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss][.SSS]");

    private Timestamps() {}

    /** Epoch milliseconds, or {@link DateTimeParseException} naming the text. */
    public static long parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 18) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        }
    }
}
