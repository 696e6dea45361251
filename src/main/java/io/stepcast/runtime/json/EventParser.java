package io.stepcast.runtime.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.event.Timestamps;
import io.stepcast.runtime.event.Utf8;
import io.stepcast.runtime.spec.JobSpec;
import java.io.IOException;
import java.io.Serializable;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Turns one raw record of the events topic into an {@link Event}, or says precisely why it cannot,
 * within the job file's {@code input} limits. The payload must be UTF-8 JSON: an object with a key
 * (a string or an integer), a time (an ISO-8601 instant or offset date-time string, or epoch
 * milliseconds, not before 1970) and the values. Values must be JSON numbers: a number inside a
 * string is rejected rather than guessed at. NaN and Infinity literals are read (so the reason can
 * say so) and then rejected. Fields the job does not use are ignored; a field given twice is not
 * (which one would count?).
 */
public final class EventParser implements Serializable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JobSpec.Fields fields;
    private final JobSpec.Tokens tokens;
    private final JobSpec.Input limits;

    public EventParser(JobSpec spec) {
        this.fields = spec.fields();
        this.tokens = spec.tokens();
        this.limits = spec.input();
    }

    public Event parse(InputRecord record) throws InvalidEventException {
        byte[] bytes = record.value;
        if (bytes == null) {
            throw new InvalidEventException(DeadLetterReason.TOMBSTONE, "the record has no value (a tombstone)");
        }
        if (bytes.length > limits.maxPayloadBytes()) {
            throw new InvalidEventException(
                    DeadLetterReason.PAYLOAD_TOO_LARGE,
                    "the record has " + bytes.length + " bytes, more than input.maxPayloadBytes ("
                            + limits.maxPayloadBytes() + ")");
        }
        Event event = parse(Utf8.decode(bytes));
        event.from(record);
        requireNotFarAhead(event.ts, record.timestamp);
        return event;
    }

    private Event parse(String payload) throws InvalidEventException {
        if (payload.isBlank()) {
            throw new InvalidEventException(DeadLetterReason.EMPTY_PAYLOAD, "the record has no value");
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(payload)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidEventException(
                        DeadLetterReason.MALFORMED_JSON, "trailing content after the JSON value");
            }
        } catch (IOException e) {
            throw new InvalidEventException(
                    DeadLetterReason.MALFORMED_JSON,
                    e.getMessage().lines().findFirst().orElse("not JSON"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(DeadLetterReason.NOT_AN_OBJECT, "expected a JSON object");
        }
        Event event = new Event(key(root), time(root), values(root));
        if (tokens.categorical()) {
            event.token = token(root);
        }
        return event;
    }

    /** A token is a non-empty string of well-formed Unicode within {@code tokens.maxLength} UTF-8 bytes. */
    private String token(JsonNode root) throws InvalidEventException {
        String name = tokens.field();
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_TOKEN, "field '" + name + "' is missing");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new InvalidEventException(
                    DeadLetterReason.INVALID_TOKEN, "field '" + name + "' must be a non-empty string, got " + node);
        }
        String token = node.asText();
        if (!Utf8.isWellFormed(token)) {
            throw new InvalidEventException(
                    DeadLetterReason.INVALID_TOKEN, "field '" + name + "' holds an unpaired surrogate (not Unicode)");
        }
        int bytes = Utf8.length(token);
        if (bytes > tokens.maxLength()) {
            throw new InvalidEventException(
                    DeadLetterReason.INVALID_TOKEN,
                    "the token has " + bytes + " bytes, more than tokens.maxLength (" + tokens.maxLength() + ")");
        }
        return token;
    }

    private String key(JsonNode root) throws InvalidEventException {
        JsonNode node = root.get(fields.key());
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            throw new InvalidEventException(
                    DeadLetterReason.MISSING_KEY, "field '" + fields.key() + "' is missing or empty");
        }
        if (!(node.isTextual() || node.isIntegralNumber())) {
            throw new InvalidEventException(
                    DeadLetterReason.BAD_KEY,
                    "field '" + fields.key() + "' must be a string or an integer, got " + node.getNodeType());
        }
        String key = node.asText();
        if (!Utf8.isWellFormed(key)) {
            throw new InvalidEventException(
                    DeadLetterReason.BAD_KEY, "field '" + fields.key() + "' holds an unpaired surrogate (not Unicode)");
        }
        int bytes = Utf8.length(key);
        if (bytes > limits.maxKeyLength()) {
            throw new InvalidEventException(
                    DeadLetterReason.KEY_TOO_LONG,
                    "the key has " + bytes + " bytes, more than input.maxKeyLength (" + limits.maxKeyLength() + ")");
        }
        return key;
    }

    private long time(JsonNode root) throws InvalidEventException {
        JsonNode node = root.get(fields.time());
        if (node == null || node.isNull()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_TIME, "field '" + fields.time() + "' is missing");
        }
        long ts;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            ts = node.asLong();
        } else if (node.isTextual()) {
            try {
                ts = Timestamps.parse(node.asText());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidEventException(
                        DeadLetterReason.BAD_TIME,
                        "field '" + fields.time() + "' is not an ISO-8601 time: '" + node.asText() + "'");
            }
        } else {
            throw new InvalidEventException(
                    DeadLetterReason.BAD_TIME,
                    "field '" + fields.time() + "' must be an ISO-8601 string or epoch milliseconds");
        }
        if (ts < 0) {
            // Kafka, Flink's watermarks and the calendar features all assume times from 1970 on
            throw new InvalidEventException(
                    DeadLetterReason.BAD_TIME, "field '" + fields.time() + "' lies before 1970: " + ts);
        }
        return ts;
    }

    /**
     * The time must not lie further ahead of the record's timestamp than {@code input.maxFutureSkew}:
     * a wild future time would otherwise become its key's last (and, with event-time ordering, move
     * the watermark past every key's next events). A record without a timestamp (-1, written by very
     * old producers) is measured against the clock.
     */
    private void requireNotFarAhead(long ts, long recordTs) throws InvalidEventException {
        long reference = recordTs >= 0 ? recordTs : System.currentTimeMillis();
        long skew = limits.maxFutureSkew().toMillis();
        if (ts - reference > skew) {
            throw new InvalidEventException(
                    DeadLetterReason.FUTURE_TIME,
                    "event time " + ts + " is " + (ts - reference) + " ms ahead of its record's timestamp " + reference
                            + ", more than input.maxFutureSkew (" + skew + " ms)");
        }
    }

    private double[] values(JsonNode root) throws InvalidEventException {
        List<String> features = fields.features();
        double[] values = new double[features.size()];
        if (features.isEmpty()) {
            return values; // a token without numeric features
        }
        JsonNode single = root.get(fields.value());
        if (features.size() == 1 && single != null && !single.isNull()) {
            values[0] = number(single, fields.value());
            return values;
        }
        JsonNode object = root.get(fields.values());
        if (object == null || !object.isObject()) {
            throw new InvalidEventException(
                    DeadLetterReason.MISSING_VALUE,
                    features.size() == 1
                            ? "neither '" + fields.value() + "' nor '" + fields.values() + "' is present"
                            : "field '" + fields.values() + "' must be an object with " + features);
        }
        for (int i = 0; i < values.length; i++) {
            JsonNode node = object.get(features.get(i));
            if (node == null || node.isNull()) {
                throw new InvalidEventException(
                        DeadLetterReason.MISSING_VALUE, "'" + fields.values() + "." + features.get(i) + "' is missing");
            }
            values[i] = number(node, fields.values() + "." + features.get(i));
        }
        return values;
    }

    private double number(JsonNode node, String name) throws InvalidEventException {
        if (!node.isNumber()) {
            throw new InvalidEventException(
                    DeadLetterReason.NON_NUMERIC_VALUE, "'" + name + "' is not a number: " + node);
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw new InvalidEventException(DeadLetterReason.NON_FINITE_VALUE, "'" + name + "' is " + node.asText());
        }
        if (Math.abs(value) > limits.maxAbsValue()) {
            throw new InvalidEventException(
                    DeadLetterReason.VALUE_OUT_OF_RANGE,
                    "'" + name + "' is " + value + ", beyond input.maxAbsValue (" + limits.maxAbsValue() + ")");
        }
        return value;
    }
}
