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
}
