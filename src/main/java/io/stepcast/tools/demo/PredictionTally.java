package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.tools.observe.OutputGaps;
import io.stepcast.tools.report.ReportData;
import io.stepcast.tools.report.ReportPage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the predictions and dead-letter topics as a downstream service would (read_committed) and
 * keeps the demo's running figures: counts, errors against the persistence baseline, flagged
 * anomalies; and the predictions themselves, for the demo's report page. Runs on its own thread until
 * stopped.
 */
final class PredictionTally implements Runnable {

    private final Properties consumerProps;
    private final String predictionsTopic;
    private final String deadLetterTopic;
    private final JsonCodec codec;
    private final Set<String> injected;
    private final Consumer<String> onAnomaly;
    private final AtomicBoolean running = new AtomicBoolean(true);

    private final Map<String, Double> lastObserved = new HashMap<>();
    private final Map<Long, Long> byVersion = new TreeMap<>();
    private final Set<String> detected = new TreeSet<>();
    private final OutputGaps gaps = new OutputGaps();
    private final ReportData report;
    private long predictions;
    private long heldNanos;
    private long deadLetters;
    private long flagged;
    private long scored;
    private double absError;
    private double naiveAbsError;

    PredictionTally(
            String bootstrap,
            String predictionsTopic,
            String deadLetterTopic,
            JsonCodec codec,
            Set<String> injected,
            Consumer<String> onAnomaly) {
        this.consumerProps = KafkaClientProperties.at(bootstrap).consumer();
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "stepcast-demo-tally");
        this.predictionsTopic = predictionsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.codec = codec;
        this.report = new ReportData(codec.features());
        this.injected = injected;
        this.onAnomaly = onAnomaly;
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

    private synchronized void add(Prediction p, long arrivedNanos) {
        predictions++;
        report.add(p);
        gaps.arrived(p.modelVersion, arrivedNanos);
        byVersion.merge(p.modelVersion, 1L, Long::sum);
        Double previous = lastObserved.put(p.key, p.observed[0]);
        if (p.predicted != null && previous != null) {
            scored++;
            absError += Math.abs(p.error[0]);
            naiveAbsError += Math.abs(p.observed[0] - previous);
        }
        if (p.anomaly) {
            flagged++;
            String id = p.key + "@" + p.ts;
            boolean known = injected.contains(id);
            if (known) {
                detected.add(id);
            }
            onAnomaly.accept(String.format(
                    "anomaly: %s at %s (score %.4f)%s",
                    p.key, Instant.ofEpochMilli(p.ts), p.anomalyScore, known ? " <- injected" : ""));
        }
    }

    /** Writes the report page of every prediction read so far to {@code out}; returns its absolute path. */
    synchronized Path writeReport(Path out) throws IOException {
        return ReportPage.write(report, "Stepcast demo: predictions of " + report.keys() + " sensors", out);
    }

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

    synchronized long flagged() {
        return flagged;
    }

    synchronized Map<String, Object> summary() {
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("predictions_out", predictions);
        s.put("dead_letters", deadLetters);
        s.put("keys", lastObserved.size());
        s.put("model_versions", List.copyOf(byVersion.keySet()));
        s.put("predictions_by_version", new java.util.LinkedHashMap<>(byVersion));
        s.put("mean_abs_error", scored == 0 ? null : absError / scored);
        s.put("naive_mean_abs_error", scored == 0 ? null : naiveAbsError / scored);
        s.put("anomalies_flagged", flagged);
        s.put("anomalies_detected", detected.size());
        // how long the demo held its input for the swap to fall mid-stream: the producer's pause, not the job's
        s.put("stream_held_ms", TimeUnit.NANOSECONDS.toMillis(heldNanos));
        return s;
    }
}
