package io.stepcast.runtime.state;

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
    /**
     * Anomaly statistics (see {@code AnomalyLikelihood}): errors seen, their histogram, the ranks of
     * the last {@code anomaly.shortWindow} errors, the decaying peak surprise for suppression, and the
     * range of values seen per feature.
     */
    public long errCount;
    public int[] errorHistogram;
    public double[] recentRanks;
    public double surprisePeak;
    public double[] valueMin;
    public double[] valueMax;
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
    /**
     * Seasonal score (see {@code SeasonalDeviation}), all empty while {@code anomaly.season} is off:
     * the key's period in events (0 while its spacing is being estimated from its first intervals,
     * −1 when the period does not fit), those first intervals, the values of the last period (a ring
     * of one value per feature per slot), the events seen since the period was fixed (while it is
     * being estimated: the intervals collected), per feature the running means of x, y, x², y², xy of
     * each value x and the value y a period before it and the moments of their differences, and the
     * histogram and recent ranks of the deviations.
     */
    public int seasonEvents;
    public long[] seasonIntervals;
    public double[] seasonValues;
    public long seasonCount;
    public double[] seasonSums;
    public double[] seasonDevMean;
    public double[] seasonDevVar;
    public int[] seasonHistogram;
    public double[] seasonRanks;

    public KeyState() {}

    /** A state with only what the feature encoder uses (normaliser, lag ring): for encoding training data. */
    public static KeyState forEncoding(int features, int horizon, int lagValuesSize) {
        return fresh(0, 0, features, horizon, 0, 0, 1, lagValuesSize);
    }

    public static KeyState fresh(int stateSize, int cellStateSize, int features, int horizon, int recentInputsSize,
            int histogramBins, int recentRanksSize, int lagValuesSize) {
        KeyState s = new KeyState();
        s.h = new float[stateSize];
        s.c = new float[cellStateSize];
        s.normMean = new double[features];
        s.normVar = new double[features];
        s.errorHistogram = new int[histogramBins];
        s.recentRanks = new double[recentRanksSize];
        s.valueMin = new double[features];
        s.valueMax = new double[features];
        s.pending = new double[features * horizon];
        s.recentInputs = new float[recentInputsSize];
        s.lagValues = new double[lagValuesSize];
        s.seasonIntervals = new long[0];
        s.seasonValues = new double[0];
        s.seasonSums = new double[0];
        s.seasonDevMean = new double[0];
        s.seasonDevVar = new double[0];
        s.seasonHistogram = new int[0];
        s.seasonRanks = new double[0];
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
        s.errorHistogram = errorHistogram.clone();
        s.recentRanks = recentRanks.clone();
        s.surprisePeak = surprisePeak;
        s.valueMin = valueMin.clone();
        s.valueMax = valueMax.clone();
        s.pending = pending.clone();
        s.recentInputs = recentInputs.clone();
        s.lagValues = lagValues.clone();
        s.seasonEvents = seasonEvents;
        s.seasonIntervals = seasonIntervals.clone();
        s.seasonValues = seasonValues.clone();
        s.seasonCount = seasonCount;
        s.seasonSums = seasonSums.clone();
        s.seasonDevMean = seasonDevMean.clone();
        s.seasonDevVar = seasonDevVar.clone();
        s.seasonHistogram = seasonHistogram.clone();
        s.seasonRanks = seasonRanks.clone();
        return s;
    }
}
