package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.observe.OutputGaps;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a demo job's predictions and dead-letter topics as a downstream service would
 * (read_committed) and keeps the figures every demo reports: counts, predictions per model version,
 * output gaps across swaps; a subclass keeps its own figures of each prediction ({@link #read}). Runs
 * on its own thread until stopped.
 */
abstract class DemoTally implements Runnable {
    private final Properties consumerProps;
    private final String predictionsTopic;
    private final String deadLetterTopic;
    private final JsonCodec codec;
    private final AtomicBoolean running = new AtomicBoolean(true);

    private final Map<Long, Long> byVersion = new TreeMap<>();
    private final OutputGaps gaps = new OutputGaps();
    private long predictions;
    private long heldNanos;
    private long deadLetters;

    DemoTally(String bootstrap, JobSpec.Topics topics, JsonCodec codec) {
        this.consumerProps = KafkaClientProperties.at(bootstrap).consumer();
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "stepcast-demo-tally");
        this.predictionsTopic = topics.predictions();
        this.deadLetterTopic = topics.deadLetter();
        this.codec = codec;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(predictionsTopic, deadLetterTopic));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    if (record.topic().equals(deadLetterTopic)) {
                        synchronized (this) {
                            deadLetters++;
                        }
                    } else {
                        add(codec.readPrediction(record.value()), System.nanoTime());
                    }
                }
            }
        }
    }

    void stop() {
        running.set(false);
    }

    /** Counts one prediction that reached the consumer at {@code arrivedNanos} (System.nanoTime). */
    final synchronized void add(Prediction p, long arrivedNanos) {
        predictions++;
        gaps.arrived(p.modelVersion, arrivedNanos);
        byVersion.merge(p.modelVersion, 1L, Long::sum);
        read(p);
    }

    /** The subclass's own figures of one prediction; called holding this tally's lock. */
    abstract void read(Prediction p);

    /** The subclass's figures for the demo's progress line, after the counts. */
    abstract String progress();

    /** The producer held the stream back for {@code nanos} (see {@link OutputGaps#inputResumed}). */
    synchronized void streamHeld(long nanos) {
        heldNanos += nanos;
        gaps.inputResumed();
    }

    long latestVersion() {
        return gaps.latestVersion();
    }

    /** See {@link OutputGaps#maxGapAroundSwapsMillis}. */
    long maxGapAroundSwapsMillis() {
        return gaps.maxGapAroundSwapsMillis();
    }

    synchronized long predictions() {
        return predictions;
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    /** The counts: {@code predictions_out} and {@code dead_letters}. */
    synchronized Map<String, Object> counts() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("predictions_out", predictions);
        s.put("dead_letters", deadLetters);
        return s;
    }

    /** The versions that made predictions ({@code model_versions}) and how many each ({@code predictions_by_version}). */
    synchronized Map<String, Object> versions() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model_versions", List.copyOf(byVersion.keySet()));
        s.put("predictions_by_version", new LinkedHashMap<>(byVersion));
        return s;
    }

    /** How long the demo held its input for the swap to fall mid-stream: the producer's pause, not the job's. */
    synchronized long streamHeldMillis() {
        return TimeUnit.NANOSECONDS.toMillis(heldNanos);
    }
}
