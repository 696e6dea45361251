package io.stepcast.runtime.kafka;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.spec.JobSpec;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters as Kafka records, each no larger than the producer's {@code max.request.size}. The job
 * file's check on {@code input.deadLetterPayloadBytes} makes every dead letter fit; should one still
 * not, it is counted ({@code stepcast.unwritableDeadLetters}) and logged instead of sent: a record
 * the producer refuses would fail the job, which would meet the same input again after its restart,
 * and loop.
 */
final class DeadLetterRecords implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecords.class);
    /** What the producer adds to a value when it measures a record: batch header, framing, the topic's name is not counted. */
    private static final int RECORD_FRAMING_BYTES = 256;

    private final String topic;
    private final String eventsTopic;
    private final int maxBytes;
    private transient Counter unwritable;

    DeadLetterRecords(JobSpec spec) {
        this.topic = spec.topics().deadLetter();
        this.eventsTopic = spec.topics().events();
        this.maxBytes = spec.kafka().maxRequestSize() - RECORD_FRAMING_BYTES;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        unwritable = context.getMetricGroup().addGroup("stepcast").counter("unwritableDeadLetters");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] value = JsonCodec.deadLetter(d, eventsTopic);
        if (value.length > maxBytes) {
            unwritable.inc();
            LOG.error(
                    "dead letter of {} bytes exceeds max.request.size ({}), not written: {} at {}/{}",
                    value.length,
                    maxBytes,
                    d.reason,
                    d.partition,
                    d.offset);
            return null;
        }
        return new ProducerRecord<>(topic, null, value);
    }
}
