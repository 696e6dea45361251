package io.stepcast;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Events for tests: a seeded multi-key sensor stream, and writing events to a job's events topic as the
 * job reads them (JSON values, the event key as record key). Tests of the runtime and the trainer use
 * this generator, not the demo's, so that a change to the demo cannot change what they test.
 */
public final class TestEvents {
    /** Five minutes between a key's readings. */
    public static final long STEP_MS = 5 * 60_000L;

    public static final int STEPS_PER_DAY = 288;
    /** 2026-01-05T00:00:00Z. */
    public static final long START_MS = 1_767_571_200_000L;

    private TestEvents() {}

    /**
     * The readings of {@code keys} keys ({@code key-00}, ...) at steps [from, to), interleaved in time
     * order. Each key has its own level, 10 to 1000 (one model must serve very different scales), a
     * daily cycle with a half-day harmonic, and 2 % noise. {@code spikes} readings spread evenly over the
     * steps, each of a different key in turn, jump by 60 % of their key's level, for the anomaly scores.
     * A reading depends only on the seed, its key and its step, so consecutive ranges continue each other.
     */
    public static List<Event> sensors(int keys, long seed, int from, int to, int spikes) {
        Random levels = new Random(seed);
        double[] level = new double[keys];
        double[] phase = new double[keys];
        for (int k = 0; k < keys; k++) {
            level[k] = 10 * Math.pow(100, levels.nextDouble());
            phase[k] = levels.nextDouble() * 2 * Math.PI;
        }
        Set<Integer> spikeSteps = new HashSet<>();
        for (int i = 0; i < spikes; i++) {
            spikeSteps.add(from + (int) ((i + 0.5) * (to - from) / spikes));
        }
        List<Event> events = new ArrayList<>((to - from) * keys);
        for (int t = from; t < to; t++) {
            for (int k = 0; k < keys; k++) {
                double day = 2 * Math.PI * t / STEPS_PER_DAY + phase[k];
                double noise = new Random(seed * 1_000_003L + (long) t * keys + k).nextGaussian();
                double value = level[k] * (1 + 0.3 * Math.sin(day) + 0.1 * Math.sin(2 * day) + 0.02 * noise);
                if (spikeSteps.contains(t) && k == t % keys) {
                    value += 0.6 * level[k];
                }
                events.add(new Event(
                        String.format("key-%02d", k), START_MS + t * STEP_MS, Math.round(value * 1000) / 1000.0));
            }
        }
        return events;
    }

    /** As {@link #sensors(int, long, int, int, int)}, without spikes. */
    public static List<Event> sensors(int keys, long seed, int from, int to) {
        return sensors(keys, seed, from, to, 0);
    }

    /** Produces {@code events}, each record stamped {@code recordTime} (epoch ms), or now when null. */
    public static void produce(JobSpec spec, List<Event> events, Long recordTime) {
        JsonCodec codec = JsonCodec.of(spec);
        try (KafkaProducer<byte[], byte[]> producer = producer(spec)) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(
                        spec.topics().events(),
                        null,
                        recordTime,
                        e.key.getBytes(StandardCharsets.UTF_8),
                        codec.event(e, spec.fields())));
            }
        }
    }

    /** Produces {@code values} as they are (malformed records, say) to the job's events topic, without a key. */
    public static void produceRaw(JobSpec spec, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = producer(spec)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(spec.topics().events(), value));
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(JobSpec spec) {
        Properties props = KafkaClientProperties.of(spec).producer();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
