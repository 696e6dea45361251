package io.stepcast.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schemas in docs/schemas say exactly what {@link JsonCodec} writes and what {@link EventParser} accepts. */
class RecordSchemasTest {
    private static final List<String> FEATURES = List.of("temp", "rpm");
    private static final JobSpec SINGLE = TestSpecs.parse("name: single");
    private static final JobSpec MULTI = TestSpecs.parse("fields: {features: [temp, rpm]}");
    private static final JobSpec TOKENS = TestSpecs.parse("fields: {features: []}\ntokens: {field: event}");
    private static final JobSpec TOKENS_WITH_VALUES =
            TestSpecs.parse("fields: {features: [temp, rpm]}\ntokens: {field: event}");
    private static final long RECORD_TS = 1_767_607_200_000L;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Prediction prediction(long step, long version, double[] predicted, double[] next) {
        Prediction p = new Prediction();
        p.key = "machine-7";
        p.ts = RECORD_TS + 250;
        p.step = step;
        p.observed = new double[] {61.25, 1500.0};
        p.predicted = predicted;
        p.error = predicted == null ? null : new double[] {0.35, -2.0};
        p.next = next;
        p.anomalyScore = predicted == null ? 0 : 0.9991;
        p.anomaly = predicted != null;
        p.modelVersion = version;
        return p;
    }

    @Test
    void everyShapeOfPredictionTheCodecWritesIsValid() {
        JsonCodec codec = new JsonCodec(FEATURES);
        double[] two = {60.9, 1502.0};
        List<Prediction> shapes = List.of(
                prediction(12, 2, two, new double[] {61.4, 1e-7}), // scored, with next
                prediction(1, 1, null, two), // the key's first events: next, nothing predicted yet
                prediction(0, 0, null, null), // pass-through, before any model: no next
                // a non-finite double is written as a string; the schema says so (the job never makes one)
                prediction(3, 1, two, new double[] {Double.NaN, Double.NEGATIVE_INFINITY}));
        for (Prediction p : shapes) {
            RecordSchemas.PREDICTION.check(codec.prediction(p));
        }
        assertThat(new String(codec.prediction(shapes.get(3)), StandardCharsets.UTF_8))
                .contains("\"next\":{\"temp\":\"NaN\",\"rpm\":\"-Infinity\"}");
    }

    @Test
    void predictionsTheCodecCannotWriteAreRefused() {
        JsonCodec codec = new JsonCodec(FEATURES);
        String valid = new String(codec.prediction(prediction(12, 2, new double[] {1, 2}, new double[] {3, 4})));
        List<String> broken = List.of(
                valid.replace("\"anomalyScore\":0.9991", "\"anomalyScore\":1.5"),
                valid.replace("\"ts\":\"2026-01-05T10:00:00.250Z\"", "\"ts\":1767607200250"),
                valid.replace(",\"modelVersion\":2", ""),
                valid.replace("\"next\":{\"temp\":3.0,\"rpm\":4.0}", "\"next\":null"),
                valid.replace("\"error\":{\"temp\":0.35,\"rpm\":-2.0}", "\"error\":null"),
                valid.replace("\"temp\":1.0", "\"temp\":\"1.0\""),
                valid.replace("}", ",\"extra\":1}"));
        for (String record : broken) {
            assertThat(record).isNotEqualTo(valid);
            assertThat(RecordSchemas.PREDICTION.problems(utf8(record)))
                    .as(record)
                    .isNotEmpty();
        }
    }

    @Test
    void everyShapeOfTokenPredictionTheCodecWritesIsValid() {
        JsonCodec codec = JsonCodec.of(TOKENS);
        Prediction scored = JsonCodecTest.tokenScored();
        Prediction unknown = JsonCodecTest.tokenScored();
        unknown.token = "never-seen-\u00e9";
        unknown.outOfVocabulary = true;
        unknown.tokenProbability = 0;
        unknown.tokenRank = 1_024;
        unknown.nextTokens = new String[] {null};
        unknown.nextProbabilities = new double[] {1.0};
        unknown.anomalyScore = 1;
        unknown.anomaly = true;
        Prediction first = JsonCodecTest.tokenScored();
        first.step = 1;
        first.unexpectedToken = false;
        first.tokenRank = 1;
        Prediction passThrough = new Prediction();
        passThrough.key = "k";
        passThrough.observed = new double[0];
        passThrough.token = "login";
        for (Prediction p : List.of(scored, unknown, first, passThrough)) {
            RecordSchemas.TOKEN_PREDICTION.check(codec.prediction(p));
            // the two prediction schemas do not overlap: a consumer can tell the records apart
            assertThat(RecordSchemas.PREDICTION.problems(codec.prediction(p))).isNotEmpty();
        }
        assertThat(RecordSchemas.TOKEN_PREDICTION.problems(new JsonCodec(FEATURES)
                        .prediction(prediction(12, 2, new double[] {1, 2}, new double[] {3, 4}))))
                .isNotEmpty();
        // features riding along
        Prediction withValues = JsonCodecTest.tokenScored();
        withValues.observed = new double[] {61.25, 1500.0};
        RecordSchemas.TOKEN_PREDICTION.check(JsonCodec.of(TOKENS_WITH_VALUES).prediction(withValues));
    }

    @Test
    void tokenPredictionsTheCodecCannotWriteAreRefused() {
        String valid = new String(JsonCodec.of(TOKENS).prediction(JsonCodecTest.tokenScored()), StandardCharsets.UTF_8);
        String passThrough = valid.replace("\"step\":4", "\"step\":0")
                .replace("\"tokenProbability\":0.125", "\"tokenProbability\":null")
                .replace("\"tokenRank\":4", "\"tokenRank\":null")
                .replaceAll("\"nextTokens\":\\[.*\\],", "\"nextTokens\":null,")
                .replace("\"modelVersion\":3", "\"modelVersion\":0");
        RecordSchemas.TOKEN_PREDICTION.check(utf8(valid));
        RecordSchemas.TOKEN_PREDICTION.check(utf8(passThrough));
        List<String> broken = List.of(
                valid.replace("\"token\":\"checkout\",", ""),
                valid.replace("\"token\":\"checkout\"", "\"token\":\"\""),
                valid.replace("\"token\":\"checkout\"", "\"token\":null"),
                valid.replace("\"tokenRank\":4", "\"tokenRank\":0"),
                valid.replace("\"tokenRank\":4", "\"tokenRank\":null"),
                valid.replace("\"tokenProbability\":0.125", "\"tokenProbability\":1.5"),
                valid.replace("\"tokenProbability\":0.125", "\"tokenProbability\":null"),
                valid.replace("\"step\":4", "\"step\":0"),
                valid.replaceAll("\"nextTokens\":\\[.*\\],", "\"nextTokens\":[],"),
                valid.replaceAll("\"nextTokens\":\\[.*\\],", "\"nextTokens\":null,"),
                valid.replace(",\"probability\":0.25", ""),
                valid.replace("\"probability\":0.25", "\"probability\":-0.25"),
                valid.replace("\"outOfVocabulary\":false,", ""),
                valid.replace("\"unexpectedToken\":true", "\"unexpectedToken\":\"yes\""),
                valid.replace("\"observed\":{}", "\"observed\":null"),
                valid.replace("\"modelVersion\":3}", "\"modelVersion\":3,\"next\":null}"),
                passThrough.replace("\"tokenRank\":null", "\"tokenRank\":2"),
                passThrough.replace("\"nextTokens\":null", "\"nextTokens\":[{\"token\":\"a\",\"probability\":1}]"),
                passThrough.replace("\"step\":0", "\"step\":1"));
        for (String record : broken) {
            assertThat(record).isNotEqualTo(valid).isNotEqualTo(passThrough);
            assertThat(RecordSchemas.TOKEN_PREDICTION.problems(utf8(record)))
                    .as(record)
                    .isNotEmpty();
        }
    }

    @Test
    void everyShapeOfDeadLetterTheCodecWritesIsValid() {
        byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        List<DeadLetter> shapes = List.of(
                DeadLetter.of(
                        DeadLetterReason.MALFORMED_JSON, "unexpected end", utf8("{not json"), 100, 1, 17, RECORD_TS),
                DeadLetter.of(DeadLetterReason.INVALID_UTF8, "not UTF-8", notUtf8, 100, 0, 3, -1),
                DeadLetter.of(DeadLetterReason.TOMBSTONE, "no value", null, 100, 2, 0, RECORD_TS),
                DeadLetter.of(
                        DeadLetterReason.PAYLOAD_TOO_LARGE,
                        "x".repeat(400),
                        utf8("é".repeat(60)),
                        25,
                        0,
                        9,
                        RECORD_TS));
        for (DeadLetter d : shapes) {
            RecordSchemas.DEAD_LETTER.check(JsonCodec.deadLetter(d, "events"));
        }
        assertThat(new String(JsonCodec.deadLetter(shapes.get(1), "events"), StandardCharsets.UTF_8))
                .contains("\"payloadBase64\":");
        assertThat(shapes.get(3).truncated()).isTrue();
    }

    @Test
    void deadLettersTheCodecCannotWriteAreRefused() {
        String valid = new String(JsonCodec.deadLetter(
                DeadLetter.of(DeadLetterReason.MISSING_KEY, "no key", utf8("{}"), 100, 0, 1, RECORD_TS), "events"));
        List<String> broken = List.of(
                valid.replace("missing_key", "no_key"),
                valid.replace("\"payload\":\"{}\"", "\"payload\":\"{}\",\"payloadBase64\":\"e30=\""),
                valid.replace("\"payload\":\"{}\",", ""),
                valid.replace("\"payload\":\"{}\"", "\"payload\":null"), // only a tombstone has none
                valid.replace("\"offset\":1", "\"offset\":-1"));
        for (String record : broken) {
            assertThat(record).isNotEqualTo(valid);
            assertThat(RecordSchemas.DEAD_LETTER.problems(utf8(record)))
                    .as(record)
                    .isNotEmpty();
        }
    }

    @Test
    void theDeadLetterSchemaListsEveryReasonCode() throws Exception {
        JsonNode reasons = new ObjectMapper()
                .readTree(RecordSchemas.DEAD_LETTER.file().toFile())
                .at("/properties/reason/enum");
        List<String> listed = new ArrayList<>();
        reasons.forEach(r -> listed.add(r.asText()));

        assertThat(listed)
                .containsExactlyElementsOf(Arrays.stream(DeadLetterReason.values())
                        .map(DeadLetterReason::code)
                        .toList());
    }

    @Test
    void theEventsTheCodecWritesAreValid() {
        RecordSchemas.EVENT.check(
                new JsonCodec(List.of("value")).event(new Event("s", RECORD_TS, 21.5), SINGLE.fields()));
        RecordSchemas.EVENT.check(new JsonCodec(FEATURES).event(new Event("m", RECORD_TS, 1, 2), MULTI.fields()));
    }

    /** For a single-feature job with the default fields, the schema accepts an event exactly when the parser does. */
    @Test
    void theEventSchemaAgreesWithTheParser() {
        List<String> payloads = List.of(
                "{\"key\": \"sensor-7\", \"ts\": \"2026-01-05T10:15:00Z\", \"value\": 21.4}",
                "{\"key\": 7, \"ts\": 1767608100000, \"value\": -3}",
                "{\"key\": \"a\", \"ts\": \"2026-01-05T10:15:00.123456+01:00\", \"value\": 1e3}",
                "{\"key\": \"a\", \"ts\": \"2026-01-05 10:15:00\", \"value\": 1, \"unit\": \"C\"}",
                "{\"key\": \"a\", \"ts\": \"1767608100000\", \"values\": {\"value\": 2}}",
                "{\"key\": \"a\", \"ts\": 0, \"value\": null, \"values\": {\"value\": 2}}",
                "{\"ts\": 0, \"value\": 1}",
                "{\"key\": \"\", \"ts\": 0, \"value\": 1}",
                "{\"key\": true, \"ts\": 0, \"value\": 1}",
                "{\"key\": 1.5, \"ts\": 0, \"value\": 1}",
                "{\"key\": \"a\", \"value\": 1}",
                "{\"key\": \"a\", \"ts\": -1, \"value\": 1}",
                "{\"key\": \"a\", \"ts\": \"yesterday\", \"value\": 1}",
                "{\"key\": \"a\", \"ts\": true, \"value\": 1}",
                "{\"key\": \"a\", \"ts\": 0}",
                "{\"key\": \"a\", \"ts\": 0, \"value\": \"high\"}",
                "{\"key\": \"a\", \"ts\": 0, \"values\": [1]}",
                "[{\"key\": \"a\", \"ts\": 0, \"value\": 1}]",
                "42");
        EventParser parser = new EventParser(SINGLE);
        for (String payload : payloads) {
            boolean parsed = accepts(parser, payload);
            assertThat(RecordSchemas.EVENT.problems(utf8(payload)).isEmpty())
                    .as("%s (the parser %s it)", payload, parsed ? "accepts" : "refuses")
                    .isEqualTo(parsed);
        }
    }

    private static boolean accepts(EventParser parser, String payload) {
        try {
            parser.parse(new InputRecord(utf8(payload), 0, 0, RECORD_TS));
            return true;
        } catch (InvalidEventException refused) {
            return false;
        }
    }
}
