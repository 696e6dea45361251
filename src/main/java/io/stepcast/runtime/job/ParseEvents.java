package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.json.EventParser;
import io.stepcast.runtime.spec.JobSpec;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Parses raw payloads; anything unusable goes to {@link DeadLetters#TAG} with its reason, never fails the job. */
public final class ParseEvents extends ProcessFunction<String, Event> {
    private final EventParser parser;

    public ParseEvents(JobSpec.Fields fields) {
        this.parser = new EventParser(fields);
    }

    @Override
    public void processElement(String payload, Context ctx, Collector<Event> out) {
        try {
            out.collect(parser.parse(payload));
        } catch (InvalidEventException e) {
            ctx.output(DeadLetters.TAG, new DeadLetter(e.reason(), e.getMessage(), payload));
        }
    }
}
