package io.stepcast.io;

import io.stepcast.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what an events topic holds right now, from the beginning to the end offsets seen at the
 * start, without joining a consumer group. Invalid events are skipped and counted, as the job would
 * dead-letter them.
 */
public final class KafkaEventReader {
    private static final Duration POLL = Duration.ofMillis(500);

    private final JobSpec spec;
    private long skipped;

    public KafkaEventReader(JobSpec spec) {
        this.spec = spec;
    }

    public long skipped() {
        return skipped;
    }

    public List<Event> readAll() {
        Properties props = new Properties();
        props.putAll(spec.kafka().properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.kafka().bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        EventParser parser = new EventParser(spec.fields());
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(spec.topics().events()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    try {
                        events.add(parser.parse(record.value() == null ? ""
                                : new String(record.value(), StandardCharsets.UTF_8)));
                    } catch (InvalidEventException e) {
                        skipped++;
                    }
                }
            }
        }
        return events;
    }
}
