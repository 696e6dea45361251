package io.stepcast.runtime.kafka;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Kafka sources and sinks configured from a job file. */
public final class KafkaConnectors {
    /**
     * Kafka brokers refuse producer transactions longer than their {@code transaction.max.timeout.ms}
     * (15 minutes by default), while Flink's sink asks for an hour: ask for what brokers allow.
     */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private KafkaConnectors() {}

    /** The events topic's records as they arrived; parsing happens in the job, where failures can be dead-lettered. */
    public static KafkaSource<InputRecord> eventSource(JobSpec spec) {
        return eventSourceBuilder(spec).build();
    }

    /** The event source's builder, for callers that bound it (tests, backfills). */
    public static KafkaSourceBuilder<InputRecord> eventSourceBuilder(JobSpec spec) {
        return sourceBuilder(spec, spec.topics().events(), spec.kafka().groupId(), new InputRecords())
                .setStartingOffsets(startingOffsets(spec.kafka().startFrom()));
    }

    /**
     * The event source reading from {@code offsets} (the demo's and the bench's live part), whatever
     * {@code kafka.startFrom} says.
     */
    public static KafkaSource<InputRecord> eventSourceFrom(JobSpec spec, Map<TopicPartition, Long> offsets) {
        return eventSourceBuilder(spec)
                .setStartingOffsets(OffsetsInitializer.offsets(offsets))
                .build();
    }

    /**
     * This job's model announcements (see {@link ModelAnnouncements}), from the beginning of the compacted
     * topic so a starting job learns the serving version at once; a restored job resumes from its checkpoint.
     */
    public static KafkaSource<String> modelSource(JobSpec spec) {
        return modelSourceBuilder(spec).build();
    }

    /** The model source's builder, for callers that bound it (tests). */
    public static KafkaSourceBuilder<String> modelSourceBuilder(JobSpec spec) {
        return sourceBuilder(
                        spec,
                        spec.topics().models(),
                        spec.kafka().groupId() + "-models",
                        new Announcements(spec.name()))
                .setStartingOffsets(OffsetsInitializer.earliest());
    }

    /** Reads committed records only (see {@link KafkaClientProperties#consumer}). */
    private static <T> KafkaSourceBuilder<T> sourceBuilder(
            JobSpec spec, String topic, String groupId, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(spec.kafka().bootstrap())
                .setTopics(topic)
                .setGroupId(groupId)
                .setDeserializer(deserializer)
                .setProperties(KafkaClientProperties.of(spec).consumer());
    }

    /**
     * Predictions keyed by event key. The record timestamp is left to the producer (the time of
     * writing), not set to the event time: the event time is in the payload, and a broker applies
     * time-based retention to record timestamps, so replayed history stamped with old event times
     * would be deleted as soon as it was written.
     */
    public static KafkaSink<Prediction> predictionSink(JobSpec spec) {
        JsonCodec codec = JsonCodec.of(spec);
        String topic = spec.topics().predictions();
        return sink(spec, "predictions", (KafkaRecordSerializationSchema<Prediction>) (p, context, ts) ->
                new ProducerRecord<>(topic, p.key.getBytes(StandardCharsets.UTF_8), codec.prediction(p)));
    }

    /** Dead letters; see {@link DeadLetterRecords} for the one that cannot be written. */
    public static KafkaSink<DeadLetter> deadLetterSink(JobSpec spec) {
        return sink(spec, "dead-letters", new DeadLetterRecords(spec));
    }

    private static <T> KafkaSink<T> sink(JobSpec spec, String role, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(spec.kafka().bootstrap())
                .setKafkaProducerConfig(KafkaClientProperties.of(spec).producer())
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(deliveryGuarantee(spec.delivery().guarantee()))
                .setTransactionalIdPrefix(spec.delivery().transactionalIdPrefix() + "-" + spec.name() + "-" + role)
                .build();
    }

    static DeliveryGuarantee deliveryGuarantee(JobSpec.Guarantee guarantee) {
        return switch (guarantee) {
            case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
            case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
            case NONE -> DeliveryGuarantee.NONE;
        };
    }

    private static OffsetsInitializer startingOffsets(JobSpec.StartFrom startFrom) {
        return switch (startFrom) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** Announcement values of one job, as UTF-8 strings; other jobs' announcements share the topic. */
    static final class Announcements implements KafkaRecordDeserializationSchema<String> {
        private final String keyPrefix;

        Announcements(String job) {
            this.keyPrefix = ModelAnnouncements.keyPrefix(job);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
            if (record.key() != null
                    && record.value() != null
                    && new String(record.key(), StandardCharsets.UTF_8).startsWith(keyPrefix)) {
                out.collect(new String(record.value(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    /** Records as they arrived, tombstones (null values) included: the job dead-letters them rather than failing. */
    static final class InputRecords implements KafkaRecordDeserializationSchema<InputRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputRecord> out) {
            out.collect(new InputRecord(record.value(), record.partition(), record.offset(), record.timestamp()));
        }

        @Override
        public TypeInformation<InputRecord> getProducedType() {
            return TypeInformation.of(InputRecord.class);
        }
    }
}
