package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseEventsTest {
    private static final JobSpec SPEC = TestSpecs.parse(
            "fields: {key: machine, features: [temp, rpm]}\ninput: {maxPayloadBytes: 200, deadLetterPayloadBytes: 10}");
    /** When the records were produced. */
    private static final long RECORD_TS = 1_767_700_000_000L;

    private static InputRecord record(String payload, long offset) {
        return new InputRecord(payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), 3, offset, RECORD_TS);
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<InputRecord, Event> h) {
        var records = h.getSideOutput(DeadLetters.TAG);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void goodEventsPassAndBadOnesAreDeadLetteredWithTheirPayload() throws Exception {
        String good1 = "{\"machine\":\"m1\",\"ts\":\"2026-01-05T10:15:00Z\",\"values\":{\"temp\":70.5,\"rpm\":1500}}";
        String good2 = "{\"machine\":7,\"ts\":1767608101000,\"values\":{\"rpm\":1490,\"temp\":71}}";
        List<String[]> bad = List.of(
                new String[] {"", "empty_payload"},
                new String[] {"  \n", "empty_payload"},
                new String[] {"{\"machine\":\"m1\",", "malformed_json"},
                new String[] {"{\"machine\":\"m1\"} trailing", "malformed_json"},
                new String[] {"[1,2]", "not_an_object"},
                new String[] {"{\"ts\":0,\"values\":{\"temp\":1,\"rpm\":2}}", "missing_key"},
                new String[] {"{\"machine\":\"\",\"ts\":0,\"values\":{\"temp\":1,\"rpm\":2}}", "missing_key"},
                new String[] {"{\"machine\":\"m\",\"values\":{\"temp\":1,\"rpm\":2}}", "missing_time"},
                new String[] {"{\"machine\":\"m\",\"ts\":\"soon\",\"values\":{\"temp\":1,\"rpm\":2}}", "bad_time"},
                new String[] {"{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":1}}", "missing_value"},
                new String[] {"{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":\"1\",\"rpm\":2}}", "non_numeric_value"
                },
                new String[] {"{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":NaN,\"rpm\":2}}", "non_finite_value"},
                new String[] {
                    "{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":1,\"rpm\":-Infinity}}", "non_finite_value"
                });

        try (OneInputStreamOperatorTestHarness<InputRecord, Event> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents(SPEC))) {
            h.processElement(record(good1, 0), 1L);
            for (int i = 0; i < bad.size(); i++) {
                h.processElement(record(bad.get(i)[0], 1 + i), 2L);
            }
            h.processElement(record(good2, 99), 3L);

            assertThat(h.extractOutputValues())
                    .containsExactly(
                            new Event("m1", 1_767_608_100_000L, 70.5, 1500),
                            new Event("7", 1_767_608_101_000L, 71, 1490));
            assertThat(h.extractOutputValues())
                    .extracting(e -> e.partition, e -> e.offset, e -> e.recordTs)
                    .containsExactly(tuple(3, 0L, RECORD_TS), tuple(3, 99L, RECORD_TS));
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead)
                    .extracting(d -> d.reason)
                    .containsExactlyElementsOf(bad.stream().map(b -> b[1]).toList());
            for (int i = 0; i < bad.size(); i++) {
                byte[] original = bad.get(i)[0].getBytes(StandardCharsets.UTF_8);
                DeadLetter d = dead.get(i);
                assertThat(d.payloadBytes).isEqualTo(original.length);
                assertThat(d.payload).isEqualTo(Arrays.copyOf(original, Math.min(10, original.length)));
                assertThat(d.truncated()).isEqualTo(original.length > 10);
                assertThat(d.offset).isEqualTo(1 + i);
                assertThat(d.partition).isEqualTo(3);
                assertThat(d.recordTimestamp).isEqualTo(RECORD_TS);
            }
            assertThat(dead).allSatisfy(d -> assertThat(d.detail).isNotBlank());
            assertThat(dead.get(9).detail).contains("values.rpm");
        }
    }

    @Test
    void aTombstoneIsDeadLetteredWithoutPayload() throws Exception {
        try (OneInputStreamOperatorTestHarness<InputRecord, Event> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents(SPEC))) {
            h.processElement(record(null, 5), 0L);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(deadLetters(h))
                    .extracting(d -> d.reason, d -> d.payload, d -> d.offset)
                    .containsExactly(tuple("tombstone", null, 5L));
        }
    }

    @Test
    void aCutNeverSplitsACharacter() {
        byte[] euros = "€€€€".getBytes(StandardCharsets.UTF_8); // three bytes each
        DeadLetter d = DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "x", euros, 8, 0, 0, 0);
        assertThat(new String(d.payload, StandardCharsets.UTF_8)).isEqualTo("€€");
        assertThat(d.truncated()).isTrue();
        assertThat(d.payloadBytes).isEqualTo(12);
    }

    @Test
    void aTokenJobDeadLettersMissingAndInvalidTokens() throws Exception {
        JobSpec tokens = TestSpecs.parse("fields: {features: []}\ntokens: {field: action, maxLength: 8}");
        try (OneInputStreamOperatorTestHarness<InputRecord, Event> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents(tokens))) {
            h.processElement(record("{\"key\":\"u\",\"ts\":0,\"action\":\"login\"}", 0), 1L);
            h.processElement(record("{\"key\":\"u\",\"ts\":1}", 1), 1L);
            h.processElement(record("{\"key\":\"u\",\"ts\":2,\"action\":\"much-too-long\"}", 2), 1L);
            h.processElement(record("{\"key\":\"u\",\"ts\":3,\"action\":[]}", 3), 1L);
            h.processElement(record("{\"key\":\"u\",\"ts\":4,\"action\":\"logout\"}", 4), 1L);

            assertThat(h.extractOutputValues())
                    .containsExactly(Event.ofToken("u", 0, "login"), Event.ofToken("u", 4, "logout"));
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead)
                    .extracting(d -> d.reason)
                    .containsExactly("missing_token", "invalid_token", "invalid_token");
            assertThat(dead).extracting(d -> d.offset).containsExactly(1L, 2L, 3L);
        }
    }
}
