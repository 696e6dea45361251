package io.stepcast.runtime.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One validated input event: a key, its event time in epoch milliseconds, and one value per
 * configured feature (in the job file's feature order). A Flink POJO (public fields, no-arg
 * constructor) so Flink serialises it with its own POJO and primitive-array serializers, never Kryo.
 *
 * <p>An event read from Kafka also knows its record: the timestamp the time checks measure against,
 * and the partition and offset a dead letter points back to. They are not part of the event's
 * identity ({@link #equals}); events from elsewhere (files, tests) leave them zero.
 */
public class Event {
    public String key;
    public long ts;
    public double[] values;
    /** The event's token in a job with {@code tokens.field}; null in a numeric job. */
    public String token;

    public long recordTs;
    public int partition;
    public long offset;

    public Event() {}

    public Event(String key, long ts, double... values) {
        this.key = key;
        this.ts = ts;
        this.values = values;
    }

    /** A categorical event: its token, and the numeric features riding along (none is fine). */
    public static Event ofToken(String key, long ts, String token, double... values) {
        Event e = new Event(key, ts, values);
        e.token = token;
        return e;
    }

    /** This event as read from Kafka record {@code record}. */
    public Event from(InputRecord record) {
        recordTs = record.timestamp;
        partition = record.partition;
        offset = record.offset;
        return this;
    }

    public String getKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e
                && ts == e.ts
                && Objects.equals(key, e.key)
                && Objects.equals(token, e.token)
                && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, ts, token) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Event{" + key + " @" + ts + (token == null ? "" : " '" + token + "'") + " " + Arrays.toString(values)
                + "}";
    }
}
