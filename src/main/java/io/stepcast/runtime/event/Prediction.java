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

    // A job with tokens (tokens.field) predicts tokens instead of values: these fields are set and
    // predicted, error and next stay null; observed holds the numeric features riding along.

    /** The token that arrived. */
    public String token;
    /** Whether the serving model does not know {@code token}: it was scored as the out-of-vocabulary bucket. */
    public boolean outOfVocabulary;
    /** The probability the model gave, before this event, to the token that arrived (or to the bucket). */
    public double tokenProbability;
    /** That token's rank among all the model's tokens, 1 for the most probable; 0 in a pass-through record. */
    public int tokenRank;
    /** {@code tokenRank > tokens.topG} or {@code tokenProbability < tokens.minProbability}: the model did not expect the token (DeepLog). */
    public boolean unexpectedToken;
    /** The {@code tokens.topK} most probable next tokens, most probable first; null stands for the bucket. */
    public String[] nextTokens;
    /** Their probabilities. */
    public double[] nextProbabilities;

    public Prediction() {}

    /** The record of {@code e}, the key's step {@code step}, before anything is predicted. */
    public static Prediction of(Event e, long step) {
        Prediction p = new Prediction();
        p.key = e.key;
        p.ts = e.ts;
        p.step = step;
        p.observed = e.values;
        p.token = e.token;
        return p;
    }

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
                && Arrays.equals(next, p.next)
                && Objects.equals(token, p.token)
                && outOfVocabulary == p.outOfVocabulary
                && Double.compare(tokenProbability, p.tokenProbability) == 0
                && tokenRank == p.tokenRank
                && unexpectedToken == p.unexpectedToken
                && Arrays.equals(nextTokens, p.nextTokens)
                && Arrays.equals(nextProbabilities, p.nextProbabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, ts, step);
    }

    @Override
    public String toString() {
        String body = token == null
                ? " predicted=" + Arrays.toString(predicted) + " next=" + Arrays.toString(next)
                : " token='" + token + "' p=" + tokenProbability + " rank=" + tokenRank + " nextTokens="
                        + Arrays.toString(nextTokens);
        return "Prediction{" + key + " #" + step + " @" + ts + " observed=" + Arrays.toString(observed) + body
                + " score=" + anomalyScore + " v" + modelVersion + "}";
    }
}
