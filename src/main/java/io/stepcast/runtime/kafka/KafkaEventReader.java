package io.stepcast.runtime.kafka;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.json.EventParser;

import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what an events topic holds right now, from a start point to the end offsets seen at the
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

    /** Every event the topic holds. */
    public List<Event> readAll() {
        return read((consumer, end) -> consumer.beginningOffsets(end.keySet()));
    }

    /**
     * The events whose Kafka record timestamp is at or after {@code since}: the trainer's window is
     * about when data arrived, which event times (possibly replayed history) do not tell.
     */
    public List<Event> readSince(Instant since) {
        return read((consumer, end) -> {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(end.keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), tp -> since.toEpochMilli())));
            // a partition without a record that recent contributes nothing: start it at its end
            return end.keySet().stream().collect(Collectors.toMap(Function.identity(),
                    tp -> found.get(tp) == null ? end.get(tp) : found.get(tp).offset()));
        });
    }

    /**
     * The sum of the topic's end offsets: how many records it has ever received, so the difference of
     * two readings counts the events that arrived in between.
     */
    public long endOffsetTotal() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Where each partition starts reading, given the end offsets the read stops at. */
    private interface StartOffsets {
        Map<TopicPartition, Long> of(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end);
    }

    private List<Event> read(StartOffsets startOffsets) {
        EventParser parser = new EventParser(spec.fields());
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            startOffsets.of(consumer, end).forEach(consumer::seek);
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

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(spec.kafka().properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.kafka().bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.partitionsFor(spec.topics().events()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }
}
