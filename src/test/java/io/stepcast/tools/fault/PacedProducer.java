package io.stepcast.tools.fault;

import io.stepcast.TestEvents;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import java.time.Duration;
import java.util.List;

/**
 * Sends events to a job's events topic at a steady rate, a second's worth at a time, in the
 * background: the stream is still flowing when a fault test breaks something, so the fault lands
 * mid-stream however slowly the job started.
 */
public final class PacedProducer {
    private final Thread thread;

    private PacedProducer(Thread thread) {
        this.thread = thread;
    }

    public static PacedProducer start(JobSpec spec, List<Event> events, int perSecond) {
        Thread thread = new Thread(
                () -> {
                    long start = System.nanoTime();
                    for (int from = 0, second = 0; from < events.size(); from += perSecond, second++) {
                        long due = start + Duration.ofSeconds(second).toNanos();
                        Poll.until(() -> System.nanoTime() >= due, Duration.ofSeconds(2), "the next second");
                        TestEvents.produce(spec, events.subList(from, Math.min(events.size(), from + perSecond)), null);
                    }
                },
                "paced-producer-" + spec.name());
        thread.start();
        return new PacedProducer(thread);
    }

    /** Waits until every event is sent. */
    public void join() throws InterruptedException {
        thread.join();
    }
}
