package io.stepcast.runtime.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.event.Timestamps;
import io.stepcast.runtime.spec.JobSpec;
import java.io.IOException;
import java.io.Serializable;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Turns one raw JSON payload into an {@link Event}, or says precisely why it cannot. The time is an
 * ISO-8601 instant or offset date-time string, or epoch milliseconds. Values must be JSON numbers:
 * a number inside a string is rejected rather than guessed at. NaN and Infinity literals are read
 * (so the reason can say so) and then rejected.
 */
public final class EventParser implements Serializable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final JobSpec.Fields fields;

    public EventParser(JobSpec.Fields fields) {
        this.fields = fields;
    }

    public Event parse(String payload) throws InvalidEventException {
        if (payload == null || payload.isBlank()) {
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
        return new Event(key(root), time(root), values(root));
    }

    private String key(JsonNode root) throws InvalidEventException {
        JsonNode node = root.get(fields.key());
        if (node == null
                || node.isNull()
                || !(node.isTextual() || node.isIntegralNumber())
                || node.asText().isEmpty()) {
            throw new InvalidEventException(
                    DeadLetterReason.MISSING_KEY,
                    "field '" + fields.key() + "' must be a non-empty string or an integer");
        }
        return node.asText();
    }

    private long time(JsonNode root) throws InvalidEventException {
        JsonNode node = root.get(fields.time());
        if (node == null || node.isNull()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_TIME, "field '" + fields.time() + "' is missing");
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Timestamps.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(
                        DeadLetterReason.BAD_TIME,
                        "field '" + fields.time() + "' is not an ISO-8601 time: '" + node.asText() + "'");
            }
        }
        throw new InvalidEventException(
                DeadLetterReason.BAD_TIME,
                "field '" + fields.time() + "' must be an ISO-8601 string or epoch milliseconds");
    }

    private double[] values(JsonNode root) throws InvalidEventException {
        List<String> features = fields.features();
        double[] values = new double[features.size()];
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

    private static double number(JsonNode node, String name) throws InvalidEventException {
        if (!node.isNumber()) {
            throw new InvalidEventException(
                    DeadLetterReason.NON_NUMERIC_VALUE, "'" + name + "' is not a number: " + node);
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw new InvalidEventException(DeadLetterReason.NON_FINITE_VALUE, "'" + name + "' is " + node.asText());
        }
        return value;
    }
}
