package io.stepcast;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes events to a job's events topic as the job reads them: JSON values, the event key as record key. */
public final class TestEvents {
    private TestEvents() {}

    /** Produces {@code events}, each record stamped {@code recordTime} (epoch ms), or now when null. */
    public static void produce(JobSpec spec, List<Event> events, Long recordTime) {
        JsonCodec codec = new JsonCodec(spec.fields().features());
        Properties props = KafkaClientProperties.of(spec).producer();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(spec.topics().events(), null, recordTime,
                        e.key.getBytes(StandardCharsets.UTF_8), codec.event(e, spec.fields())));
            }
        }
    }
}
