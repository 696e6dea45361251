package io.stepcast.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private static final JobSpec.Fields TWO =
            TestSpecs.parse("fields: {features: [temp, rpm]}").fields();

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static Prediction scored() {
        Prediction p = new Prediction();
        p.key = "machine \"7\"";
        p.ts = 1_767_607_200_250L;
        p.step = 3;
        p.observed = new double[] {61.25, 1500.0};
        p.predicted = new double[] {60.9, 1498.0000000000002};
        p.error = new double[] {0.3500000000000014, 1.9999999999997726};
        p.next = new double[] {61.4, 1e-7};
        p.anomalyScore = 0.6826894921370859;
        p.modelVersion = 2;
        return p;
    }

    /** The texts below are what the codec wrote when it made a generator per record: one reused generator writes the same bytes. */
    @Test
    void recordsAreWrittenByteForByteAsBeforeOneAfterAnother() {
        JsonCodec codec = new JsonCodec(List.of("temp", "rpm"));
        Prediction unscored = new Prediction();
        unscored.key = "k";
        unscored.observed = new double[] {1, 2};
        String first = "{\"key\":\"machine \\\"7\\\"\",\"ts\":\"2026-01-05T10:00:00.250Z\",\"step\":3,"
                + "\"observed\":{\"temp\":61.25,\"rpm\":1500.0},\"predicted\":{\"temp\":60.9,\"rpm\":1498.0000000000002},"
                + "\"error\":{\"temp\":0.3500000000000014,\"rpm\":1.9999999999997726},\"next\":{\"temp\":61.4,\"rpm\":1.0E-7},"
                + "\"anomalyScore\":0.6826894921370859,\"anomaly\":false,\"modelVersion\":2}";

        assertThat(text(codec.prediction(scored()))).isEqualTo(first);
        assertThat(text(codec.prediction(unscored)))
                .isEqualTo("{\"key\":\"k\",\"ts\":\"1970-01-01T00:00:00Z\",\"step\":0,"
                        + "\"observed\":{\"temp\":1.0,\"rpm\":2.0},\"predicted\":null,\"error\":null,\"next\":null,"
                        + "\"anomalyScore\":0.0,\"anomaly\":false,\"modelVersion\":0}");
        assertThat(text(codec.event(new Event("m", -1L, 2.5, 1e22), TWO)))
                .isEqualTo(
                        "{\"key\":\"m\",\"ts\":\"1969-12-31T23:59:59.999Z\",\"values\":{\"temp\":2.5,\"rpm\":1.0E22}}");
        assertThat(text(codec.prediction(scored()))).isEqualTo(first);
        assertThat(codec.readPrediction(codec.prediction(scored()))).isEqualTo(scored());
    }

    @Test
    void aRecordThatFailsHalfWrittenLeavesNoTraceInTheNext() {
        JsonCodec codec = new JsonCodec(List.of("temp", "rpm"));
        Prediction tooManyValues = scored();
        tooManyValues.next = new double[] {1, 2, 3};

        assertThatThrownBy(() -> codec.prediction(tooManyValues)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(codec.readPrediction(codec.prediction(scored()))).isEqualTo(scored());
    }

    @Test
    void doublesAreWrittenInTheirShortestRoundTripForm() {
        JsonCodec codec = new JsonCodec(List.of("value"));
        JobSpec.Fields one = TestSpecs.parse("name: x").fields();
        // JDK 17's Double.toString prints 2.24132002032956928E18 for this double
        double d = 2.2413200203295693E18;

        assertThat(text(codec.event(new Event("m", 0, d), one)))
                .isEqualTo("{\"key\":\"m\",\"ts\":\"1970-01-01T00:00:00Z\",\"value\":2.2413200203295693E18}");
    }

    @Test
    void timestampsAreInstantToStringWhateverTheSecondBefore() {
        JsonCodec codec = new JsonCodec(List.of("value"));
        long[] times = {
            0,
            1,
            10,
            999,
            1000,
            1001,
            1000,
            -1,
            -999,
            -1000,
            -1001,
            1_767_607_200_250L,
            1_767_607_200_000L,
            1_767_607_200_999L,
            1_767_607_201_000L,
            253_402_300_799_999L,
            253_402_300_800_001L,
            -62_167_219_200_001L
        };
        for (long t : times) {
            assertThat(codec.isoInstant(t))
                    .as("%d ms", t)
                    .isEqualTo(Instant.ofEpochMilli(t).toString());
        }
    }

    private static final JobSpec TOKENS = TestSpecs.parse("fields: {features: []}\ntokens: {field: event, topK: 3}");
    private static final JobSpec TOKENS_WITH_VALUE =
            TestSpecs.parse("fields: {features: [latency]}\ntokens: {field: action}");

    static Prediction tokenScored() {
        Prediction p = new Prediction();
        p.key = "session-9";
        p.ts = 1_767_607_200_250L;
        p.step = 4;
        p.observed = new double[0];
        p.token = "checkout";
        p.outOfVocabulary = false;
        p.tokenProbability = 0.125;
        p.tokenRank = 4;
        p.unexpectedToken = true;
        p.nextTokens = new String[] {"pay", null, "cart"}; // null: the out-of-vocabulary bucket
        p.nextProbabilities = new double[] {0.5, 0.25, 0.0625};
        p.anomalyScore = 0.75;
        p.modelVersion = 3;
        return p;
    }

    @Test
    void aTokenPredictionIsWrittenInItsOwnFormAndReadBack() {
        JsonCodec codec = JsonCodec.of(TOKENS);
        String json = "{\"key\":\"session-9\",\"ts\":\"2026-01-05T10:00:00.250Z\",\"step\":4,\"observed\":{},"
                + "\"token\":\"checkout\",\"outOfVocabulary\":false,\"tokenProbability\":0.125,\"tokenRank\":4,"
                + "\"unexpectedToken\":true,\"nextTokens\":[{\"token\":\"pay\",\"probability\":0.5},"
                + "{\"token\":null,\"probability\":0.25},{\"token\":\"cart\",\"probability\":0.0625}],"
                + "\"anomalyScore\":0.75,\"anomaly\":false,\"modelVersion\":3}";

        assertThat(text(codec.prediction(tokenScored()))).isEqualTo(json);
        Prediction read = codec.readPrediction(json.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(tokenScored());
        assertThat(read.nextTokens).containsExactly("pay", null, "cart");
        assertThat(read.predicted).isNull();
        assertThat(read.next).isNull();
        // numeric records still come out as before from the same codec's class
        assertThat(new JsonCodec(List.of("temp", "rpm"))
                        .readPrediction(new JsonCodec(List.of("temp", "rpm")).prediction(scored())))
                .isEqualTo(scored());
    }

    @Test
    void aTokenPredictionCarriesTheFeaturesRidingAlong() {
        JsonCodec codec = JsonCodec.of(TOKENS_WITH_VALUE);
        Prediction p = tokenScored();
        p.observed = new double[] {12.5};
        p.outOfVocabulary = true;
        p.anomaly = true;
        String text = text(codec.prediction(p));
        assertThat(text).contains("\"observed\":{\"latency\":12.5},\"token\":\"checkout\",\"outOfVocabulary\":true");
        assertThat(codec.readPrediction(codec.prediction(p))).isEqualTo(p);
    }

    @Test
    void aPassThroughTokenRecordHasNoScoreAndNoNextTokens() {
        JsonCodec codec = JsonCodec.of(TOKENS);
        Prediction p = new Prediction();
        p.key = "k";
        p.ts = 0;
        p.observed = new double[0];
        p.token = "login";
        String json = "{\"key\":\"k\",\"ts\":\"1970-01-01T00:00:00Z\",\"step\":0,\"observed\":{},"
                + "\"token\":\"login\",\"outOfVocabulary\":false,\"tokenProbability\":null,\"tokenRank\":null,"
                + "\"unexpectedToken\":false,\"nextTokens\":null,\"anomalyScore\":0.0,\"anomaly\":false,"
                + "\"modelVersion\":0}";
        assertThat(text(codec.prediction(p))).isEqualTo(json);
        Prediction read = codec.readPrediction(json.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(p);
        assertThat(read.tokenRank).isZero();
        assertThat(read.nextTokens).isNull();
        assertThat(read.nextProbabilities).isNull();
    }

    @Test
    void tokenEventsAreWrittenWithTheTokenFieldAndParseBack() throws Exception {
        Event login = Event.ofToken("u1", 1_767_607_200_000L, "log\"in");
        assertThat(text(JsonCodec.of(TOKENS).event(login, TOKENS.fields())))
                .isEqualTo("{\"key\":\"u1\",\"ts\":\"2026-01-05T10:00:00Z\",\"event\":\"log\\\"in\"}");
        Event view = Event.ofToken("u1", 1_767_607_200_000L, "view", 3.5);
        assertThat(text(JsonCodec.of(TOKENS_WITH_VALUE).event(view, TOKENS_WITH_VALUE.fields())))
                .isEqualTo("{\"key\":\"u1\",\"ts\":\"2026-01-05T10:00:00Z\",\"action\":\"view\",\"value\":3.5}");
        for (JobSpec spec : List.of(TOKENS, TOKENS_WITH_VALUE)) {
            Event e = spec == TOKENS ? login : view;
            byte[] written = JsonCodec.of(spec).event(e, spec.fields());
            assertThat(new EventParser(spec).parse(new io.stepcast.runtime.event.InputRecord(written, 0, 0, e.ts)))
                    .isEqualTo(e);
        }
        // a numeric job's codec has no token field to write
        assertThat(text(JsonCodec.of(TestSpecs.parse("name: n"))
                        .event(view, TestSpecs.parse("name: n").fields())))
                .doesNotContain("view");
    }
}
