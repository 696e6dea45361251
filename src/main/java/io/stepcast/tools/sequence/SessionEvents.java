package io.stepcast.tools.sequence;

import io.stepcast.runtime.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sessions as the events of a web shop's log: session i starts {@code i * arrivalMillis} after
 * {@code startMillis}, its events follow one another every {@code stepMillis}, and the events of all
 * sessions are interleaved in time order (ties in session order), so many sessions are open at once
 * and each one's events keep their order.
 */
public final class SessionEvents {
    private SessionEvents() {}

    public static List<Event> interleave(
            List<Session> sessions, long startMillis, long arrivalMillis, long stepMillis) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Session session = sessions.get(i);
            long start = startMillis + i * arrivalMillis;
            for (int t = 0; t < session.tokens().size(); t++) {
                events.add(Event.ofToken(
                        session.key(), start + t * stepMillis, session.tokens().get(t)));
            }
        }
        events.sort(Comparator.comparingLong(e -> e.ts)); // stable
        return events;
    }
}
