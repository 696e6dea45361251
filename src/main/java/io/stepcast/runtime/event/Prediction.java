package io.stepcast.runtime.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the job emits for every processed event. Arrays hold one entry per feature, in the job
 * file's feature order. A Flink POJO.
 */
public class Prediction {
    /** The event's key. */
    public String key;
    /** The event's time, epoch milliseconds. */
    public long ts;
    /** 1 for the key's first processed event, counting up. */
    public long step;
    /** The values observed in this event. */
    public double[] observed;
    /** What the model predicted for this event, {@code horizon} events earlier; null until there is one. */
    public double[] predicted;
    /** {@code observed - predicted}; null when {@code predicted} is. */
    public double[] error;
    /** The prediction for the key's event {@code horizon} steps ahead, made now. */
    public double[] next;
    /** How unusual this event's error is, in [0, 1]. */
    public double anomalyScore;
    /** {@code anomalyScore >= anomaly.threshold}. */
    public boolean anomaly;
    /** Version of the model that produced {@code next}. */
    public long modelVersion;

    public Prediction() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p
                && ts == p.ts
                && step == p.step
                && anomaly == p.anomaly
                && Double.compare(anomalyScore, p.anomalyScore) == 0
                && modelVersion == p.modelVersion
                && Objects.equals(key, p.key)
                && Arrays.equals(observed, p.observed)
                && Arrays.equals(predicted, p.predicted)
                && Arrays.equals(error, p.error)
                && Arrays.equals(next, p.next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, ts, step);
    }

    @Override
    public String toString() {
        return "Prediction{" + key + " #" + step + " @" + ts + " observed=" + Arrays.toString(observed)
                + " predicted=" + Arrays.toString(predicted) + " next=" + Arrays.toString(next)
                + " score=" + anomalyScore + " v" + modelVersion + "}";
    }
}
