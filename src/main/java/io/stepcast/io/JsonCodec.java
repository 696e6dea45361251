package io.stepcast.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.spec.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The wire format of predictions and dead letters (see README.md for the schema). Values are keyed
 * by feature name so consumers never depend on feature order; doubles are written in Jackson's
 * shortest round-trip form, so a consumer reads back exactly the number the job computed.
 */
public final class JsonCodec implements Serializable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<String> features;

    public JsonCodec(List<String> features) {
        this.features = List.copyOf(features);
    }

    public byte[] prediction(Prediction p) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("key", p.key);
            g.writeStringField("ts", Instant.ofEpochMilli(p.ts).toString());
            g.writeNumberField("step", p.step);
            writeValues(g, "observed", p.observed);
            writeValues(g, "predicted", p.predicted);
            writeValues(g, "error", p.error);
            writeValues(g, "next", p.next);
            g.writeNumberField("anomalyScore", p.anomalyScore);
            g.writeBooleanField("anomaly", p.anomaly);
            g.writeNumberField("modelVersion", p.modelVersion);
            g.writeEndObject();
        });
    }

    public static byte[] deadLetter(DeadLetter d) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("reason", d.reason);
            g.writeStringField("detail", d.detail);
            g.writeStringField("payload", d.payload);
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
            return p;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Stepcast prediction: " + new String(json, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** Writes an event in the input format; used by the demo's generator and the replay command. */
    public byte[] event(Event e, JobSpec.Fields fields) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField(fields.key(), e.key);
            g.writeStringField(fields.time(), Instant.ofEpochMilli(e.ts).toString());
            if (features.size() == 1) {
                g.writeNumberField(fields.value(), e.values[0]);
            } else {
                g.writeObjectFieldStart(fields.values());
                for (int i = 0; i < features.size(); i++) {
                    g.writeNumberField(features.get(i), e.values[i]);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private void writeValues(JsonGenerator g, String name, double[] values) throws IOException {
        if (values == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        for (int i = 0; i < values.length; i++) {
            g.writeNumberField(features.get(i), values[i]);
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
