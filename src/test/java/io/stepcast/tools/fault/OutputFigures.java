package io.stepcast.tools.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A faulted run's output against its reference, by (key, step): reference predictions the run lacks
 * ({@code lost}), the run's repeats of a (key, step) ({@code doubled}), and predictions of both whose
 * payloads differ ({@code differing}). All three zero and equal {@link #byKey} views mean the same
 * records in the same order per key.
 */
public record OutputFigures(long lost, long doubled, long differing) {
    public static final OutputFigures NONE = new OutputFigures(0, 0, 0);

    public static OutputFigures of(List<Received> expected, List<Received> actual) {
        Map<String, String> wanted = new HashMap<>();
        expected.forEach(r -> wanted.put(id(r), r.json()));
        Set<String> seen = new HashSet<>();
        long doubled = 0;
        long differing = 0;
        for (Received r : actual) {
            if (!seen.add(id(r))) {
                doubled++;
            } else if (!r.json().equals(wanted.get(id(r)))) {
                differing++;
            }
        }
        long lost = wanted.keySet().stream().filter(id -> !seen.contains(id)).count();
        return new OutputFigures(lost, doubled, differing);
    }

    private static String id(Received r) {
        return r.key() + "#" + r.step();
    }

    /** The payloads per key in arrival order: a topic's order is only defined per key (per partition). */
    public static Map<String, List<String>> byKey(List<Received> received) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        received.forEach(
                r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.json()));
        return byKey;
    }
}
