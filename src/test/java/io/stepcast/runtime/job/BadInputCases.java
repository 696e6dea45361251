package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bad-input suite's stream: a two-feature sensor job ({@link #JOB_FIELDS}) whose valid events are
 * interleaved with every kind of record the job must refuse, and with valid events written in unusual
 * but acceptable ways. Each refused record names the reason its dead letter must carry; the valid
 * events around them must get exactly the predictions they get without them. docs/reliability.md lists
 * the cases.
 */
final class BadInputCases {
    /** The job file's {@code fields} and {@code input} sections the cases are written for (defaults otherwise). */
    static final String JOB_FIELDS = "fields: {key: key, features: [temp, rpm]}\n";

    static final int KEYS = 12;
    static final long T0 = 1_767_571_200_000L; // 2026-01-05T00:00:00Z
    static final long STEP_MS = 5 * 60_000L;
    /** Steps [0, PHASE_B) come first, then the cases refused in keyed state, then steps up to {@link #STEPS}. */
    static final int PHASE_B = 30;

    static final int STEPS = 60;

    /** The default {@code input.maxPayloadBytes}. */
    static final int MAX_PAYLOAD = 64 * 1024;

    /** One record of the stream: its key and value bytes (null value: a tombstone), and what must become of it. */
    record Sent(String name, byte[] key, byte[] value, DeadLetterReason refusedAs, Event accepted) {
        static Sent refused(String name, String key, byte[] value, DeadLetterReason reason) {
            return new Sent(name, key.getBytes(StandardCharsets.UTF_8), value, reason, null);
        }

        static Sent refused(String name, String key, String value, DeadLetterReason reason) {
            return refused(name, key, value.getBytes(StandardCharsets.UTF_8), reason);
        }

        static Sent valid(Event e, String json) {
            return new Sent(
                    null, e.key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), null, e);
        }
    }

    private BadInputCases() {}

    static String key(int k) {
        return String.format(Locale.ROOT, "key-%02d", k);
    }

    /** Key {@code k}'s valid event at {@code step}: a smooth, key-specific pair of readings. */
    static Event event(int k, int step) {
        double temp = 40 + 3 * k + 5 * Math.sin(step / 6.0 + k) + ((step * 7 + k * 13) % 11) / 10.0;
        double rpm = 1200 + 25 * k + 40 * Math.cos(step / 9.0 + k) + ((step * 5 + k * 3) % 7);
        return new Event(key(k), T0 + step * STEP_MS, Math.round(temp * 1000) / 1000.0, Math.round(rpm * 100) / 100.0);
    }

    static String json(Event e) {
        return "{\"key\":\"" + e.key + "\",\"ts\":" + e.ts + ",\"values\":{\"temp\":" + e.values[0] + ",\"rpm\":"
                + e.values[1] + "}}";
    }

    /** Steps [from, to) of every key, in time order, with the parse-level cases and the acceptable variants mixed in. */
    static List<Sent> stream(int from, int to) {
        List<Sent> sent = new ArrayList<>();
        List<Sent> bad = from == 0
                ? parseCases().subList(0, 20)
                : parseCases().subList(20, parseCases().size());
        int nextBad = 0;
        for (int step = from; step < to; step++) {
            for (int k = 0; k < KEYS; k++) {
                Event e = event(k, step);
                sent.add(Sent.valid(e, variant(k, step, e)));
                if (k == 2 && step == 10) {
                    sent.add(Sent.refused("the same event twice", e.key, json(e), DeadLetterReason.DUPLICATE));
                }
            }
            // a bad record after every step's events, until all are out
            if (nextBad < bad.size()) {
                sent.add(bad.get(nextBad++));
            }
        }
        sent.addAll(bad.subList(nextBad, bad.size()));
        return sent;
    }

    /** How key {@code k}'s event at {@code step} is written: mostly plainly, a few in unusual but valid ways. */
    private static String variant(int k, int step, Event e) {
        String plain = json(e);
        if (step == 5 && k == 6) {
            return plain.replace(
                    "\"values\"", "\"extra\":{\"nested\":[1,{\"a\":null}]},\"note\":\"ignored\",\"values\"");
        }
        if (step == 6 && k == 7) {
            return plain.replace(Long.toString(e.ts), "\"" + Instant.ofEpochMilli(e.ts) + "\"");
        }
        if (step == 7 && k == 8) {
            // exactly input.maxPayloadBytes: the limit is inclusive
            return plain + " ".repeat(MAX_PAYLOAD - plain.length());
        }
        if (step == 8 && k == 9) {
            return " {\n \"values\" : { \"rpm\" : " + e.values[1] + " , \"temp\" : " + e.values[0] + " } , \"ts\" : "
                    + e.ts + " , \"key\" : \"" + e.key + "\" }\n";
        }
        if (step == 9 && k == 10) {
            return plain.replace("\"key-10\"", "\"key-1\\u0030\""); // a JSON escape for '0'
        }
        return plain;
    }

    /**
     * The cases refused in keyed state, sent once steps before {@link #PHASE_B} have been predicted (so,
     * with event-time ordering, once the watermark has passed them).
     */
    static List<Sent> keyedCases(boolean eventTimeOrdering) {
        Event old = event(4, 20);
        Event jumped = new Event(key(5), event(5, PHASE_B - 1).ts + 30L * 24 * 3600 * 1000, 50, 1300);
        return List.of(
                Sent.refused(
                        eventTimeOrdering ? "an event behind the watermark" : "an event older than its key's last",
                        old.key,
                        json(old),
                        eventTimeOrdering ? DeadLetterReason.LATE_EVENT : DeadLetterReason.OUT_OF_ORDER),
                Sent.refused(
                        "an event 30 days after its key's last, records seconds apart",
                        jumped.key,
                        json(jumped),
                        DeadLetterReason.TIME_JUMP));
    }

    /** Every record refused before it reaches a key: one per kind. */
    static List<Sent> parseCases() {
        String k = "bad";
        long ts = T0 + 3 * STEP_MS;
        String valid = "{\"key\":\"key-00\",\"ts\":" + ts + ",\"values\":{\"temp\":1,\"rpm\":2}}";
        List<Sent> cases = new ArrayList<>();
        cases.add(Sent.refused("truncated JSON", k, valid.substring(0, 30), DeadLetterReason.MALFORMED_JSON));
        cases.add(Sent.refused("unquoted names", k, "{key:1,ts:2}", DeadLetterReason.MALFORMED_JSON));
        cases.add(Sent.refused("content after the object", k, valid + " {}", DeadLetterReason.MALFORMED_JSON));
        cases.add(Sent.refused(
                "a field given twice",
                k,
                valid.replace("{\"key\"", "{\"ts\":1,\"key\""),
                DeadLetterReason.MALFORMED_JSON));
        cases.add(Sent.refused(
                "nesting 5,000 deep", k, "[".repeat(5000) + "]".repeat(5000), DeadLetterReason.MALFORMED_JSON));
        cases.add(Sent.refused(
                "a number of 2,000 digits",
                k,
                valid.replace("\"temp\":1", "\"temp\":" + "9".repeat(2000)),
                DeadLetterReason.MALFORMED_JSON));
        cases.add(Sent.refused(
                "bytes that are not UTF-8",
                k,
                new byte[] {(byte) 0xFF, (byte) 0xFE, '{', '}'},
                DeadLetterReason.INVALID_UTF8));
        cases.add(Sent.refused(
                "a broken UTF-8 sequence inside a string",
                k,
                withBytes(valid.replace("key-00", "key-\u0001"), (byte) 0xC3, (byte) 0x28),
                DeadLetterReason.INVALID_UTF8));
        cases.add(Sent.refused(
                "an overlong UTF-8 encoding ('/' as C0 AF)",
                k,
                withBytes(valid.replace("key-00", "key-\u0001"), (byte) 0xC0, (byte) 0xAF),
                DeadLetterReason.INVALID_UTF8));
        cases.add(Sent.refused(
                "an unpaired surrogate escaped in the key",
                k,
                valid.replace("\"key-00\"", "\"key-\\udc00\""),
                DeadLetterReason.BAD_KEY));
        cases.add(Sent.refused("an empty payload", k, new byte[0], DeadLetterReason.EMPTY_PAYLOAD));
        cases.add(Sent.refused("only whitespace", k, " \n\t ", DeadLetterReason.EMPTY_PAYLOAD));
        cases.add(Sent.refused("a tombstone", k, (byte[]) null, DeadLetterReason.TOMBSTONE));
        cases.add(Sent.refused("an array", k, "[" + valid + "]", DeadLetterReason.NOT_AN_OBJECT));
        cases.add(Sent.refused("a number", k, "42", DeadLetterReason.NOT_AN_OBJECT));
        cases.add(Sent.refused("a string", k, "\"key-00\"", DeadLetterReason.NOT_AN_OBJECT));
        cases.add(Sent.refused("null", k, "null", DeadLetterReason.NOT_AN_OBJECT));
        cases.add(Sent.refused("no key", k, valid.replace("\"key\":\"key-00\",", ""), DeadLetterReason.MISSING_KEY));
        cases.add(Sent.refused("an empty key", k, valid.replace("\"key-00\"", "\"\""), DeadLetterReason.MISSING_KEY));
        cases.add(Sent.refused("a null key", k, valid.replace("\"key-00\"", "null"), DeadLetterReason.MISSING_KEY));
        cases.add(Sent.refused("a boolean key", k, valid.replace("\"key-00\"", "true"), DeadLetterReason.BAD_KEY));
        cases.add(
                Sent.refused("an object key", k, valid.replace("\"key-00\"", "{\"id\":1}"), DeadLetterReason.BAD_KEY));
        cases.add(Sent.refused("a fractional key", k, valid.replace("\"key-00\"", "1.5"), DeadLetterReason.BAD_KEY));
        cases.add(Sent.refused(
                "a key of 257 bytes",
                k,
                valid.replace("\"key-00\"", "\"" + "k".repeat(257) + "\""),
                DeadLetterReason.KEY_TOO_LONG));
        cases.add(Sent.refused("no time", k, valid.replace("\"ts\":" + ts + ",", ""), DeadLetterReason.MISSING_TIME));
        cases.add(
                Sent.refused("a boolean time", k, valid.replace(Long.toString(ts), "true"), DeadLetterReason.BAD_TIME));
        cases.add(Sent.refused(
                "a time that is no date",
                k,
                valid.replace(Long.toString(ts), "\"tomorrow\""),
                DeadLetterReason.BAD_TIME));
        cases.add(
                Sent.refused("a negative time", k, valid.replace(Long.toString(ts), "-1"), DeadLetterReason.BAD_TIME));
        cases.add(Sent.refused(
                "a time in 2100",
                k,
                valid.replace(Long.toString(ts), "\"2100-01-01T00:00:00Z\""),
                DeadLetterReason.FUTURE_TIME));
        cases.add(Sent.refused(
                "a multi-feature event missing a feature",
                k,
                valid.replace(",\"rpm\":2", ""),
                DeadLetterReason.MISSING_VALUE));
        cases.add(Sent.refused(
                "no values",
                k,
                valid.replace(",\"values\":{\"temp\":1,\"rpm\":2}", ""),
                DeadLetterReason.MISSING_VALUE));
        cases.add(Sent.refused(
                "a value in a string",
                k,
                valid.replace("\"temp\":1", "\"temp\":\"1\""),
                DeadLetterReason.NON_NUMERIC_VALUE));
        cases.add(
                Sent.refused("NaN", k, valid.replace("\"temp\":1", "\"temp\":NaN"), DeadLetterReason.NON_FINITE_VALUE));
        cases.add(Sent.refused(
                "-Infinity", k, valid.replace("\"rpm\":2", "\"rpm\":-Infinity"), DeadLetterReason.NON_FINITE_VALUE));
        cases.add(Sent.refused(
                "1e400, beyond a double",
                k,
                valid.replace("\"temp\":1", "\"temp\":1e400"),
                DeadLetterReason.NON_FINITE_VALUE));
        cases.add(Sent.refused(
                "1e300, finite but extreme",
                k,
                valid.replace("\"temp\":1", "\"temp\":1e300"),
                DeadLetterReason.VALUE_OUT_OF_RANGE));
        cases.add(Sent.refused(
                "just beyond input.maxAbsValue",
                k,
                valid.replace("\"rpm\":2", "\"rpm\":-1.0000001e15"),
                DeadLetterReason.VALUE_OUT_OF_RANGE));
        cases.add(Sent.refused(
                "one byte over input.maxPayloadBytes",
                k,
                valid + " ".repeat(MAX_PAYLOAD - valid.length() + 1),
                DeadLetterReason.PAYLOAD_TOO_LARGE));
        cases.add(Sent.refused(
                "900 KB: a dead letter copying it would exceed the producer's request size",
                k,
                "{\"key\":\"key-00\",\"blob\":\"" + "x".repeat(900 * 1024) + "\"}",
                DeadLetterReason.PAYLOAD_TOO_LARGE));
        cases.add(Sent.refused(
                "70 KB of control characters: six bytes each when escaped",
                k,
                "\u0001".repeat(70 * 1024),
                DeadLetterReason.PAYLOAD_TOO_LARGE));
        return cases;
    }

    /** {@code text}'s bytes with the first 0x01 replaced by {@code replacement}. */
    private static byte[] withBytes(String text, byte... replacement) {
        byte[] original = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf('\u0001');
        byte[] out = new byte[original.length - 1 + replacement.length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(replacement, 0, out, at, replacement.length);
        System.arraycopy(original, at + 1, out, at + replacement.length, original.length - at - 1);
        return out;
    }
}
