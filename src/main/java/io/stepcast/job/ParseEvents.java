package io.stepcast.job;

import io.stepcast.io.DeadLetter;
import io.stepcast.io.Event;
import io.stepcast.io.EventParser;
import io.stepcast.io.InvalidEventException;
import io.stepcast.spec.JobSpec;
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
