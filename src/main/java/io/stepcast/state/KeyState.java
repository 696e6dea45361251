package io.stepcast.state;

/**
 * Everything the job remembers about one key, as primitive arrays (see DESIGN.md decision 2): no
 * INDArray, no boxed collections, one flat record per key serialised by {@link KeyStateSerializer}.
 * Mutable on purpose: the operator reads it, advances it by one event, and writes it back.
 */
public final class KeyState {
    /** Events processed for this key. */
    public long steps;
    /** Event time of the last processed event, epoch ms. */
    public long lastTs;
    /** Version of the model whose hidden state {@link #h}/{@link #c} hold. */
    public long modelVersion;
    /** Hidden state, {@code layers × hidden}. */
    public float[] h;
    /** LSTM cell state, {@code layers × hidden}; empty for an Elman RNN. */
    public float[] c;
    /** Input normaliser, one slot per feature (see {@link Moments}). */
    public long normCount;
    public double[] normMean;
    public double[] normVar;
    /** Error statistics for the anomaly score, per feature, in normalised units. */
    public long errCount;
    public double[] errMean;
    public double[] errVar;
    /**
     * Predictions not yet compared with an observation: a ring of {@code horizon} slots of one value
     * per feature; the prediction made at step s sits in slot {@code s mod horizon}.
     */
    public double[] pending;
    /**
     * The key's last model inputs, a ring of {@code rewarmSteps} input vectors: the input of step s
     * sits at slot {@code (s − 1) mod rewarmSteps}. Replayed through new weights after a model swap.
     */
    public float[] recentInputs;
    /**
     * The key's last raw values for the lag inputs ({@code model.lags}), a ring of one value per
     * feature per slot: the values of encoded event n sit at slot {@code (n − 1) mod slots}.
     */
    public double[] lagValues;

    public KeyState() {}

    public static KeyState fresh(int stateSize, int cellStateSize, int features, int horizon) {
        return fresh(stateSize, cellStateSize, features, horizon, 0);
    }

    public static KeyState fresh(int stateSize, int cellStateSize, int features, int horizon, int recentInputsSize) {
        return fresh(stateSize, cellStateSize, features, horizon, recentInputsSize, 0);
    }

    public static KeyState fresh(int stateSize, int cellStateSize, int features, int horizon, int recentInputsSize,
            int lagValuesSize) {
        KeyState s = new KeyState();
        s.h = new float[stateSize];
        s.c = new float[cellStateSize];
        s.normMean = new double[features];
        s.normVar = new double[features];
        s.errMean = new double[features];
        s.errVar = new double[features];
        s.pending = new double[features * horizon];
        s.recentInputs = new float[recentInputsSize];
        s.lagValues = new double[lagValuesSize];
        return s;
    }

    public KeyState copy() {
        KeyState s = new KeyState();
        s.steps = steps;
        s.lastTs = lastTs;
        s.modelVersion = modelVersion;
        s.h = h.clone();
        s.c = c.clone();
        s.normCount = normCount;
        s.normMean = normMean.clone();
        s.normVar = normVar.clone();
        s.errCount = errCount;
        s.errMean = errMean.clone();
        s.errVar = errVar.clone();
        s.pending = pending.clone();
        s.recentInputs = recentInputs.clone();
        s.lagValues = lagValues.clone();
        return s;
    }
}
