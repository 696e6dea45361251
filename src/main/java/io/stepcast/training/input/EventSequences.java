package io.stepcast.training.input;

import io.stepcast.runtime.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups events into per-key sequences in event-time order (stable: equal times keep input order). */
public final class EventSequences {
    private EventSequences() {}

    public static Map<String, List<Event>> byKey(Iterable<Event> events) {
        Map<String, List<Event>> sequences = new LinkedHashMap<>();
        for (Event e : events) {
            sequences.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e);
        }
        sequences.values().forEach(list -> list.sort(Comparator.comparingLong(e -> e.ts)));
        return sequences;
    }
}
