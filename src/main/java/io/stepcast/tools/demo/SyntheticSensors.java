package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded multi-key sensor stream: a reading every five minutes per key, each key with its own
 * level (10 to 1000, so one model must serve very different scales), a daily cycle, a slower
 * half-day harmonic and Gaussian noise; plus spikes injected at known times from a given step on.
 */
public final class SyntheticSensors {
    public static final long STEP_MS = 5 * 60_000L;
    public static final int STEPS_PER_DAY = 288;
    /** 2026-01-05T00:00:00Z, a Monday. */
    public static final long START_MS = 1_767_571_200_000L;

    private final int keys;
    private final double[] level;
    private final double[] phase;
    private final Random noise;
    private final Set<String> injected = new LinkedHashSet<>();
    private final long seed;

    /** Anomaly marker: which key at which event time carries an injected spike. */
    public record Injected(String key, long ts) {}

    public SyntheticSensors(int keys, long seed) {
        this.keys = keys;
        this.seed = seed;
        Random r = new Random(seed);
        this.level = new double[keys];
        this.phase = new double[keys];
        for (int k = 0; k < keys; k++) {
            level[k] = 10 * Math.pow(100, r.nextDouble());
            phase[k] = r.nextDouble() * 2 * Math.PI;
        }
        this.noise = new Random(seed + 1);
    }

    public static String key(int k) {
        return String.format("sensor-%02d", k);
    }

    /**
     * All keys' readings for steps [from, to), interleaved in time order; spikes are injected at
     * {@code anomalies} seeded steps at or after {@code anomaliesFrom}, one key each.
     */
    public List<Event> generate(int from, int to, int anomaliesFrom, int anomalies) {
        Random pick = new Random(seed + 2);
        List<Injected> spikes = new ArrayList<>();
        int span = to - Math.max(from, anomaliesFrom);
        for (int i = 0; i < anomalies && span > 0; i++) {
            int step = Math.max(from, anomaliesFrom) + (int) ((i + 0.5) * span / anomalies);
            spikes.add(new Injected(key(pick.nextInt(keys)), START_MS + step * STEP_MS));
        }
        List<Event> events = new ArrayList<>((to - from) * keys);
        for (int t = from; t < to; t++) {
            long ts = START_MS + t * STEP_MS;
            for (int k = 0; k < keys; k++) {
                double day = 2 * Math.PI * t / STEPS_PER_DAY + phase[k];
                double value = level[k] * (1 + 0.3 * Math.sin(day) + 0.1 * Math.sin(2 * day))
                        + noise.nextGaussian() * 0.02 * level[k];
                Injected here = new Injected(key(k), ts);
                if (spikes.contains(here)) {
                    value += (pick.nextBoolean() ? 1 : -1) * 0.6 * level[k];
                    injected.add(here.key() + "@" + ts);
                }
                events.add(new Event(key(k), ts, Math.round(value * 1000) / 1000.0));
            }
        }
        return events;
    }

    /** "key@ts" of every spike injected so far. */
    public Set<String> injected() {
        return injected;
    }
}
