package io.stepcast.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
    private static final JobSpec SPEC =
            TestSpecs.parse("kafka: {properties: {max.request.size: '8192'}}\ninput: {deadLetterPayloadBytes: 600}");

    @Test
    void everyDeadLetterTheJobMakesFitsAndSaysWhatWasCut() throws Exception {
        DeadLetterRecords records = opened(new SimpleCounter[1]);
        // the worst payload for its size: control characters, each six bytes once escaped
        byte[] control = "\u0001".repeat(5000).getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of(DeadLetterReason.PAYLOAD_TOO_LARGE, "x".repeat(1000), control, 600, 1, 2, 3);

        ProducerRecord<byte[], byte[]> record = records.serialize(d, null, null);

        assertThat(record.value().length).isLessThanOrEqualTo(SPEC.kafka().maxRequestSize());
        var json = new ObjectMapper().readTree(record.value());
        assertThat(json.get("payload").asText()).hasSize(600);
        assertThat(json.get("payloadBytes").asInt()).isEqualTo(5000);
        assertThat(json.get("truncated").asBoolean()).isTrue();
        assertThat(json.get("detail").asText()).hasSize(DeadLetter.DETAIL_CHARS + 1);
    }

    @Test
    void oneThatStillDoesNotFitIsCountedAndSkippedNotSent() throws Exception {
        SimpleCounter[] unwritable = new SimpleCounter[1];
        DeadLetterRecords records = opened(unwritable);
        DeadLetter tooBig = new DeadLetter(); // not cut by DeadLetter.of: only a bug could make one
        tooBig.reason = "malformed_json";
        tooBig.detail = "";
        tooBig.payload = new byte[10_000];

        assertThat(records.serialize(tooBig, null, null)).isNull();
        assertThat(unwritable[0].getCount()).isEqualTo(1);
    }

    @Test
    void aJobFileWhoseDeadLettersCouldNotFitIsRefused() {
        assertThatThrownBy(() -> TestSpecs.parse(
                        "kafka: {properties: {max.request.size: '8192'}}\ninput: {deadLetterPayloadBytes: 700}"))
                .hasMessageContaining("input.deadLetterPayloadBytes")
                .hasMessageContaining("at most 682");
    }

    /** The schema opened as the sink opens it, its counter caught in {@code counter[0]}. */
    private static DeadLetterRecords opened(SimpleCounter[] counter) throws Exception {
        DeadLetterRecords records = new DeadLetterRecords(SPEC);
        MetricGroup metrics = new UnregisteredMetricsGroup() {
            @Override
            public MetricGroup addGroup(String name) {
                return this;
            }

            @Override
            public Counter counter(String name) {
                counter[0] = new SimpleCounter();
                return counter[0];
            }
        };
        records.open(
                new SerializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return metrics;
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return null;
                    }
                },
                null);
        return records;
    }
}
