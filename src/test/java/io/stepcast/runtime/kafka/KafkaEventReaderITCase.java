package io.stepcast.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import io.stepcast.training.input.EventSequences;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading by Kafka record time, against a real broker. */
class KafkaEventReaderITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(Map.of("by-time", 3, "empty", 2), List.of());
    }

    private static JobSpec spec(String topic) {
        return TestSpecs.parse("topics: {events: " + topic + "}").withBootstrap(KAFKA.bootstrapServers());
    }

    @Test
    void readsOnlyRecordsStampedAtOrAfterTheInstant() {
        JobSpec spec = spec("by-time");
        List<Event> events = TestEvents.sensors(4, 1, 0, 30);
        Instant cut = Instant.now().minus(Duration.ofHours(1));
        TestEvents.produce(spec, events.subList(0, 60), cut.minusMillis(1).toEpochMilli());
        TestEvents.produce(spec, events.subList(60, 120), cut.toEpochMilli());
        KafkaEventReader reader = new KafkaEventReader(spec);

        List<Event> recent = reader.readSince(cut);

        assertThat(EventSequences.byKey(recent)).isEqualTo(EventSequences.byKey(events.subList(60, 120)));
        assertThat(reader.readSince(cut.plusMillis(1))).isEmpty();
        assertThat(reader.readAll()).hasSize(120);
        assertThat(reader.endOffsetTotal()).isEqualTo(120);
        assertThat(reader.skipped()).isZero();
    }

    @Test
    void anEmptyTopicReadsNothing() {
        KafkaEventReader reader = new KafkaEventReader(spec("empty"));

        assertThat(reader.readSince(Instant.EPOCH)).isEmpty();
        assertThat(reader.endOffsetTotal()).isZero();
    }
}
