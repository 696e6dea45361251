package io.stepcast.runtime.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One pass over what a topic holds right now: every partition from a start offset up to the end
 * offset it had when the pass began, without joining a consumer group. Records arriving meanwhile are
 * left for the next pass, so a pass ends even while producers keep writing.
 */
public final class TopicRange {
    private static final Duration POLL = Duration.ofMillis(500);

    /** Where each partition starts, given the end offsets the pass stops at. */
    public interface StartOffsets {
        Map<TopicPartition, Long> of(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end);
    }

    /** From the first record each partition still holds. */
    public static final StartOffsets BEGINNING = (consumer, end) -> consumer.beginningOffsets(end.keySet());

    private TopicRange() {}

    /** Hands every record of {@code topic} from {@code start} to the end seen at the start to {@code each}, in partition order. */
    public static void read(
            Properties consumerProperties,
            String topic,
            StartOffsets start,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(consumerProperties)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            start.of(consumer, end).forEach(consumer::seek);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
        }
    }

    /** The sum of {@code topic}'s end offsets: how many records it has ever received. */
    static long endOffsetTotal(Properties consumerProperties, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(consumerProperties)) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties properties) {
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }
}
