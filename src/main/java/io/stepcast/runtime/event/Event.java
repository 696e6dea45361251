package io.stepcast.runtime.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One validated input event: a key, its event time in epoch milliseconds, and one value per
 * configured feature (in the job file's feature order). A Flink POJO (public fields, no-arg
 * constructor) so Flink serialises it with its own POJO and primitive-array serializers, never Kryo.
 */
public class Event {
    public String key;
    public long ts;
    public double[] values;

    public Event() {}

    public Event(String key, long ts, double... values) {
        this.key = key;
        this.ts = ts;
        this.values = values;
    }

    public String getKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && ts == e.ts && Objects.equals(key, e.key) && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, ts) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Event{" + key + " @" + ts + " " + Arrays.toString(values) + "}";
    }
}
