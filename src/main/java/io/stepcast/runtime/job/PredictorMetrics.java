package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Prediction;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The predictor's metrics, all in the operator's {@code stepcast} group (Prometheus:
 * {@code flink_taskmanager_job_task_operator_stepcast_<name>}); the names are what dashboards query, so
 * they never change. The README's "Metrics" section lists them.
 *
 * <p>On the hot path each event costs a few counter increments; the two histograms keep a window of the
 * newest {@value #WINDOW} values in a ring of doubles ({@link WindowHistogram}: no allocation or lock per
 * update; the statistics are computed when a reporter asks). Processing time is sampled, one event in
 * {@value #SAMPLE_EVERY}, so the other events pay no {@code System.nanoTime()} at all.
 */
final class PredictorMetrics {
    /** Values each histogram keeps: enough for stable quantiles, 8 KB per histogram and subtask. */
    static final int WINDOW = 1024;
    /** One event in this many has its processing time measured, the first one included. */
    static final int SAMPLE_EVERY = 32;

    private final Counter events;
    private final Counter predictions;
    private final Counter anomalies;
    private final Counter swaps;
    private final Counter rejectedModels;
    private final Counter rewarmedKeys;
    private final Counter outOfVocabularyTokens;
    private final Counter unexpectedTokens;
    private final WindowHistogram predictionError;
    private final WindowHistogram processingNanos;
    private final DeadLetterCounters deadLetters;
    private int untilSample;

    PredictorMetrics(MetricGroup operator, LongSupplier modelVersion, int taskAttempt) {
        MetricGroup stepcast = operator.addGroup("stepcast");
        events = stepcast.counter("events");
        predictions = stepcast.counter("predictions");
        anomalies = stepcast.counter("anomalies");
        swaps = stepcast.counter("modelSwaps");
        rejectedModels = stepcast.counter("rejectedModels");
        rewarmedKeys = stepcast.counter("rewarmedKeys");
        outOfVocabularyTokens = stepcast.counter("outOfVocabularyTokens");
        unexpectedTokens = stepcast.counter("unexpectedTokens");
        predictionError = stepcast.histogram("predictionError", new WindowHistogram(WINDOW));
        processingNanos = stepcast.histogram("processingNanos", new WindowHistogram(WINDOW));
        stepcast.gauge("modelVersion", modelVersion::getAsLong);
        stepcast.gauge("taskAttempt", () -> taskAttempt);
        deadLetters = new DeadLetterCounters(operator, DeadLetterReason.KEYED);
    }

    /** An event reached the predictor (whether it is then predicted, held back or dead-lettered). */
    void eventIn() {
        events.inc();
    }

    /**
     * A record for the predictions topic: counted, and when it scores an earlier prediction its mean
     * absolute error over the features goes into {@code predictionError} (for one feature, the error).
     * A token unknown to the serving model, and one it did not expect, are counted.
     */
    void predicted(Prediction p) {
        predictions.inc();
        if (p.anomaly) {
            anomalies.inc();
        }
        if (p.outOfVocabulary) {
            outOfVocabularyTokens.inc();
        }
        if (p.unexpectedToken) {
            unexpectedTokens.inc();
        }
        double[] error = p.error;
        if (error != null && error.length > 0) {
            double sum = 0;
            for (double e : error) {
                sum += Math.abs(e);
            }
            predictionError.record(sum / error.length);
        }
    }

    void deadLettered(DeadLetterReason reason) {
        deadLetters.count(reason);
    }

    void swapped() {
        swaps.inc();
    }

    void rejectedModel() {
        rejectedModels.inc();
    }

    void rewarmedKey() {
        rewarmedKeys.inc();
    }

    /** Whether the next event's processing time is measured: one in {@value #SAMPLE_EVERY}. */
    boolean sampleNext() {
        if (untilSample == 0) {
            untilSample = SAMPLE_EVERY - 1;
            return true;
        }
        untilSample--;
        return false;
    }

    void processed(long nanos) {
        processingNanos.record(nanos);
    }
}
