package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseEventsTest {
    private static final JobSpec.Fields FIELDS =
            new JobSpec.Fields("machine", null, null, null, List.of("temp", "rpm"));

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<String, Event> h) {
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

        try (OneInputStreamOperatorTestHarness<String, Event> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents(FIELDS))) {
            h.processElement(good1, 1L);
            for (String[] b : bad) {
                h.processElement(b[0], 2L);
            }
            h.processElement(good2, 3L);

            assertThat(h.extractOutputValues())
                    .containsExactly(
                            new Event("m1", 1_767_608_100_000L, 70.5, 1500),
                            new Event("7", 1_767_608_101_000L, 71, 1490));
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead)
                    .extracting(d -> d.reason)
                    .containsExactlyElementsOf(bad.stream().map(b -> b[1]).toList());
            assertThat(dead)
                    .extracting(d -> d.payload)
                    .containsExactlyElementsOf(bad.stream().map(b -> b[0]).toList());
            assertThat(dead).allSatisfy(d -> assertThat(d.detail).isNotBlank());
            assertThat(dead.get(9).detail).contains("values.rpm");
        }
    }

    @Test
    void nullPayloadIsDeadLetteredAsEmpty() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Event> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents(FIELDS))) {
            h.processElement(null, 0L);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(deadLetters(h))
                    .extracting(d -> d.reason, d -> d.payload)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("empty_payload", null));
        }
    }
}
