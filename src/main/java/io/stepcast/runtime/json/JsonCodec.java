package io.stepcast.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.event.Utf8;
import io.stepcast.runtime.spec.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The wire format of predictions and dead letters (see README.md for the schema). Values are keyed
 * by feature name so consumers never depend on feature order; doubles are written in their shortest
 * round-trip form, so a consumer reads back exactly the number the job computed.
 *
 * <p>Writing predictions and events is the job's per-record cost, so an instance keeps one generator
 * and buffer for all of them: use an instance from one thread at a time (each Flink subtask
 * deserialises its own). Reading is thread-safe.
 */
public final class JsonCodec implements Serializable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /**
     * Jackson's Schubfach double writer: the shortest digits that read back as the same double, as
     * {@code Double.toString} prints from JDK 19 on; JDK 17's prints a longer form for a few values
     * and costs several times more. No separator between root values: one generator writes them all.
     */
    private static final JsonFactory RECORDS = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    // field names quoted and encoded once rather than per record
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString STEP = new SerializedString("step");
    private static final SerializedString OBSERVED = new SerializedString("observed");
    private static final SerializedString PREDICTED = new SerializedString("predicted");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString NEXT = new SerializedString("next");
    private static final SerializedString ANOMALY_SCORE = new SerializedString("anomalyScore");
    private static final SerializedString ANOMALY = new SerializedString("anomaly");
    private static final SerializedString MODEL_VERSION = new SerializedString("modelVersion");
    private static final SerializedString TOKEN = new SerializedString("token");
    private static final SerializedString OUT_OF_VOCABULARY = new SerializedString("outOfVocabulary");
    private static final SerializedString TOKEN_PROBABILITY = new SerializedString("tokenProbability");
    private static final SerializedString TOKEN_RANK = new SerializedString("tokenRank");
    private static final SerializedString UNEXPECTED_TOKEN = new SerializedString("unexpectedToken");
    private static final SerializedString NEXT_TOKENS = new SerializedString("nextTokens");
    private static final SerializedString PROBABILITY = new SerializedString("probability");

    private final List<String> features;
    private final SerializedString[] featureNames;
    /** The events' token field ({@code tokens.field}); null in a numeric job. */
    private final String tokenField;

    private transient ByteArrayBuilder buffer;
    private transient JsonGenerator generator;
    /** {@link Instant#toString()} of {@link #second} without its "Z"; null until the first timestamp. */
    private transient String secondText;

    private transient long second;

    public JsonCodec(List<String> features) {
        this(features, null);
    }

    private JsonCodec(List<String> features, String tokenField) {
        this.features = List.copyOf(features);
        this.featureNames = features.stream().map(SerializedString::new).toArray(SerializedString[]::new);
        this.tokenField = tokenField;
    }

    /** The codec of {@code spec}'s records: its features, and its token field when it has one. */
    public static JsonCodec of(JobSpec spec) {
        return new JsonCodec(
                spec.fields().features(), spec.categorical() ? spec.tokens().field() : null);
    }

    /** The feature names, in the order of a prediction's arrays. */
    public List<String> features() {
        return features;
    }

    /** A prediction record: docs/schemas/prediction.schema.json, or token-prediction.schema.json when it has a token. */
    public byte[] prediction(Prediction p) {
        if (p.token != null) {
            return tokenPrediction(p);
        }
        return encode(g -> {
            writeHead(g, p);
            writeValues(g, PREDICTED, p.predicted);
            writeValues(g, ERROR, p.error);
            writeValues(g, NEXT, p.next);
            writeTail(g, p);
        });
    }

    private byte[] tokenPrediction(Prediction p) {
        return encode(g -> {
            writeHead(g, p);
            g.writeFieldName(TOKEN);
            g.writeString(p.token);
            g.writeFieldName(OUT_OF_VOCABULARY);
            g.writeBoolean(p.outOfVocabulary);
            g.writeFieldName(TOKEN_PROBABILITY);
            if (p.tokenRank == 0) {
                g.writeNull();
            } else {
                g.writeNumber(p.tokenProbability);
            }
            g.writeFieldName(TOKEN_RANK);
            if (p.tokenRank == 0) {
                g.writeNull();
            } else {
                g.writeNumber(p.tokenRank);
            }
            g.writeFieldName(UNEXPECTED_TOKEN);
            g.writeBoolean(p.unexpectedToken);
            g.writeFieldName(NEXT_TOKENS);
            if (p.nextTokens == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (int i = 0; i < p.nextTokens.length; i++) {
                    g.writeStartObject();
                    g.writeFieldName(TOKEN);
                    g.writeString(p.nextTokens[i]); // null for the out-of-vocabulary bucket
                    g.writeFieldName(PROBABILITY);
                    g.writeNumber(p.nextProbabilities[i]);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            writeTail(g, p);
        });
    }

    /** What every prediction record starts with: the event's key, time, step and values. */
    private void writeHead(JsonGenerator g, Prediction p) throws IOException {
        g.writeStartObject();
        g.writeFieldName(KEY);
        g.writeString(p.key);
        g.writeFieldName(TS);
        g.writeString(isoInstant(p.ts));
        g.writeFieldName(STEP);
        g.writeNumber(p.step);
        writeValues(g, OBSERVED, p.observed);
    }

    /** What every prediction record ends with: the score and the model version. */
    private static void writeTail(JsonGenerator g, Prediction p) throws IOException {
        g.writeFieldName(ANOMALY_SCORE);
        g.writeNumber(p.anomalyScore);
        g.writeFieldName(ANOMALY);
        g.writeBoolean(p.anomaly);
        g.writeFieldName(MODEL_VERSION);
        g.writeNumber(p.modelVersion);
        g.writeEndObject();
    }

    /**
     * A dead letter of a record of {@code topic}: the payload as text when its bytes are UTF-8, else
     * as {@code payloadBase64}, either way exactly the bytes kept; {@code truncated} when those are
     * fewer than the record's {@code payloadBytes}.
     */
    public static byte[] deadLetter(DeadLetter d, String topic) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("reason", d.reason);
            g.writeStringField("detail", d.detail);
            if (d.payload == null) {
                g.writeNullField("payload");
            } else if (Utf8.isValid(d.payload)) {
                g.writeStringField("payload", new String(d.payload, StandardCharsets.UTF_8));
            } else {
                g.writeStringField("payloadBase64", Base64.getEncoder().encodeToString(d.payload));
            }
            g.writeNumberField("payloadBytes", d.payloadBytes);
            g.writeBooleanField("truncated", d.truncated());
            g.writeStringField("topic", topic);
            g.writeNumberField("partition", d.partition);
            g.writeNumberField("offset", d.offset);
            g.writeNumberField("recordTimestamp", d.recordTimestamp);
            g.writeEndObject();
        });
    }

    /** Reads a prediction written by {@link #prediction}; used by consumers in tests and the demo. */
    public Prediction readPrediction(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            Prediction p = new Prediction();
            p.key = n.get("key").asText();
            p.ts = Instant.parse(n.get("ts").asText()).toEpochMilli();
            p.step = n.get("step").asLong();
            p.observed = readValues(n.get("observed"));
            p.predicted = readValues(n.get("predicted"));
            p.error = readValues(n.get("error"));
            p.next = readValues(n.get("next"));
            p.anomalyScore = n.get("anomalyScore").asDouble();
            p.anomaly = n.get("anomaly").asBoolean();
            p.modelVersion = n.get("modelVersion").asLong();
            if (n.hasNonNull("token")) {
                readTokens(n, p);
            }
            return p;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a Stepcast prediction: " + new String(json, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static void readTokens(JsonNode n, Prediction p) {
        p.token = n.get("token").asText();
        p.outOfVocabulary = n.get("outOfVocabulary").asBoolean();
        p.tokenProbability = n.get("tokenProbability").asDouble();
        p.tokenRank = n.get("tokenRank").asInt();
        p.unexpectedToken = n.get("unexpectedToken").asBoolean();
        JsonNode next = n.get("nextTokens");
        if (next != null && !next.isNull()) {
            p.nextTokens = new String[next.size()];
            p.nextProbabilities = new double[next.size()];
            for (int i = 0; i < next.size(); i++) {
                JsonNode token = next.get(i).get("token");
                p.nextTokens[i] = token.isNull() ? null : token.asText();
                p.nextProbabilities[i] = next.get(i).get("probability").asDouble();
            }
        }
    }

    /** Writes an event in the input format; used by the demo's generator and the replay command. */
    public byte[] event(Event e, JobSpec.Fields fields) {
        return encode(g -> {
            g.writeStartObject();
            g.writeStringField(fields.key(), e.key);
            g.writeStringField(fields.time(), isoInstant(e.ts));
            if (tokenField != null && e.token != null) {
                g.writeStringField(tokenField, e.token);
            }
            if (features.size() == 1) {
                g.writeNumberField(fields.value(), e.values[0]);
            } else if (!features.isEmpty()) {
                g.writeObjectFieldStart(fields.values());
                for (int i = 0; i < featureNames.length; i++) {
                    g.writeFieldName(featureNames[i]);
                    g.writeNumber(e.values[i]);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private void writeValues(JsonGenerator g, SerializedString name, double[] values) throws IOException {
        g.writeFieldName(name);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            g.writeFieldName(featureNames[i]);
            g.writeNumber(values[i]);
        }
        g.writeEndObject();
    }

    private double[] readValues(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        double[] values = new double[features.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(features.get(i)).asDouble();
        }
        return values;
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * {@code Instant.ofEpochMilli(epochMillis).toString()}. Formatting the date and time of day is most
     * of its cost, and consecutive records mostly fall in the same second, so that part is kept.
     */
    String isoInstant(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        if (secondText == null || s != second) {
            String text = Instant.ofEpochSecond(s).toString();
            secondText = text.substring(0, text.length() - 1);
            second = s;
        }
        // Instant.toString prints no fraction for a whole second, else the milliseconds as 3 digits
        return millis == 0
                ? secondText + "Z"
                : secondText + "." + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10)
                        + (char) ('0' + millis % 10) + "Z";
    }

    /** One record with this instance's generator; a failure mid-record discards it, so the next record starts clean. */
    private byte[] encode(Writer writer) {
        try {
            if (generator == null) {
                buffer = new ByteArrayBuilder(512);
                generator = RECORDS.createGenerator(buffer);
            }
            writer.write(generator);
            generator.flush();
            byte[] record = buffer.toByteArray();
            buffer.reset();
            return record;
        } catch (IOException e) {
            generator = null;
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            generator = null;
            throw e;
        }
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
