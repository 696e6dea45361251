package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.json.RecordSchemas;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a job's output topics as a consumer of them would: committed records only, each read continuing
 * the last, and each record held to the topic's published schema (docs/schemas), so every record an
 * end-to-end test reads also proves the contract consumers are given.
 */
final class CommittedRecords {
    private CommittedRecords() {}

    /**
     * The next {@code expected} records of a topic (continuing where the previous read of the topic
     * stopped), then one more poll to catch any extra record. The deadline only turns a bug into a
     * failure instead of a hang: it counts from the last record that arrived, so a slow machine that
     * keeps delivering is waited for, and a job that stopped delivering fails after two quiet minutes.
     * A record {@code schema} refuses fails the test with the validator's messages.
     */
    static List<ConsumerRecord<byte[], byte[]>> next(
            String bootstrap, String topic, RecordSchemas schema, int expected) {
        Properties props = KafkaClientProperties.at(bootstrap).consumer();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietLimit = Duration.ofMinutes(2).toNanos();
            long deadline = System.nanoTime() + quietLimit;
            while (records.size() < expected && System.nanoTime() < deadline) {
                int before = records.size();
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                if (records.size() > before) {
                    deadline = System.nanoTime() + quietLimit;
                }
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            consumer.commitSync();
        }
        assertThat(records).as("records on %s", topic).hasSize(expected);
        records.forEach(r -> schema.check(r.value()));
        return records;
    }

    /** The values of {@link #next}. */
    static List<byte[]> values(String bootstrap, String topic, RecordSchemas schema, int expected) {
        return next(bootstrap, topic, schema, expected).stream()
                .map(ConsumerRecord::value)
                .toList();
    }
}
