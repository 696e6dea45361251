package io.stepcast.runtime.kafka;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.json.EventParser;
import io.stepcast.runtime.spec.JobSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what an events topic holds right now, from a start point to the end offsets seen at the
 * start, without joining a consumer group. Invalid events are skipped and counted, as the job would
 * dead-letter them.
 */
public final class KafkaEventReader {
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
        return read(TopicRange.BEGINNING);
    }

    /**
     * The events whose Kafka record timestamp is at or after {@code since}: the trainer's window is
     * about when data arrived, which event times (possibly replayed history) do not tell.
     */
    public List<Event> readSince(Instant since) {
        return read((consumer, end) -> {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(
                    end.keySet().stream().collect(Collectors.toMap(Function.identity(), tp -> since.toEpochMilli())));
            // a partition without a record that recent contributes nothing: start it at its end
            return end.keySet().stream()
                    .collect(Collectors.toMap(
                            Function.identity(),
                            tp -> found.get(tp) == null
                                    ? end.get(tp)
                                    : found.get(tp).offset()));
        });
    }

    /**
     * The sum of the topic's end offsets: how many records it has ever received, so the difference of
     * two readings counts the events that arrived in between.
     */
    public long endOffsetTotal() {
        return TopicRange.endOffsetTotal(
                KafkaClientProperties.of(spec).consumer(), spec.topics().events());
    }

    private List<Event> read(TopicRange.StartOffsets start) {
        EventParser parser = new EventParser(spec);
        List<Event> events = new ArrayList<>();
        TopicRange.read(KafkaClientProperties.of(spec).consumer(), spec.topics().events(), start, record -> {
            try {
                events.add(parser.parse(
                        new InputRecord(record.value(), record.partition(), record.offset(), record.timestamp())));
            } catch (InvalidEventException e) {
                skipped++;
            }
        });
        return events;
    }
}
