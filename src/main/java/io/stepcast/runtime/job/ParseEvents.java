package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.json.EventParser;
import io.stepcast.runtime.spec.JobSpec;
import java.util.EnumSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses and validates raw records; anything unusable goes to {@link DeadLetters#TAG} with its reason,
 * its bytes (cut to {@code input.deadLetterPayloadBytes}) and its coordinates, and is counted. Never
 * fails the job.
 */
public final class ParseEvents extends ProcessFunction<InputRecord, Event> {
    private final EventParser parser;
    private final int keptBytes;
    private transient DeadLetterCounters counters;

    public ParseEvents(JobSpec spec) {
        this.parser = new EventParser(spec);
        this.keptBytes = spec.input().deadLetterPayloadBytes();
    }

    @Override
    public void open(OpenContext openContext) {
        counters = new DeadLetterCounters(
                getRuntimeContext().getMetricGroup(), EnumSet.complementOf(EnumSet.copyOf(DeadLetterReason.KEYED)));
    }

    @Override
    public void processElement(InputRecord record, Context ctx, Collector<Event> out) {
        try {
            out.collect(parser.parse(record));
        } catch (InvalidEventException e) {
            counters.count(e.reason());
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetter.of(
                            e.reason(),
                            e.getMessage(),
                            record.value,
                            keptBytes,
                            record.partition,
                            record.offset,
                            record.timestamp));
        }
    }
}
