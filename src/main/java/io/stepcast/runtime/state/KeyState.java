package io.stepcast.runtime.state;

/**
 * Everything the job remembers about one key (see DESIGN.md decision 2): how many events it has
 * processed and when the last one happened, and one part per concern, each owning its fields, its
 * copy and its serialised form. Primitive arrays throughout, no INDArray or boxed collections.
 * Mutable on purpose: the operator reads it, advances it by one event ({@code KeyPredictor.step},
 * which also fixes the order in which the parts are advanced), and writes it back.
 */
public final class KeyState {
    /** {@link #lastRecordTs()} of a state restored from a format that did not keep it. */
    public static final long UNKNOWN_RECORD_TS = Long.MIN_VALUE;

    private long steps;
    private long lastTs;
    private long lastRecordTs;
    private final RecurrentState recurrent;
    private final Normaliser normaliser;
    private final ErrorStatistics errors;
    private final PendingPredictions pending;
    private RecentInputs recentInputs;
    private LagRing lags;
    private final SeasonalStatistics season;

    KeyState(
            long steps,
            long lastTs,
            long lastRecordTs,
            RecurrentState recurrent,
            Normaliser normaliser,
            ErrorStatistics errors,
            PendingPredictions pending,
            RecentInputs recentInputs,
            LagRing lags,
            SeasonalStatistics season) {
        this.steps = steps;
        this.lastTs = lastTs;
        this.lastRecordTs = lastRecordTs;
        this.recurrent = recurrent;
        this.normaliser = normaliser;
        this.errors = errors;
        this.pending = pending;
        this.recentInputs = recentInputs;
        this.lags = lags;
        this.season = season;
    }

    /** A state with only what the feature encoder uses (normaliser, lag ring): for encoding training data. */
    public static KeyState forEncoding(int features, int horizon, int lagValuesSize) {
        return fresh(0, 0, features, horizon, 0, 0, 1, lagValuesSize);
    }

    public static KeyState fresh(
            int stateSize,
            int cellStateSize,
            int features,
            int horizon,
            int recentInputsSize,
            int histogramBins,
            int recentRanksSize,
            int lagValuesSize) {
        return new KeyState(
                0,
                0,
                0,
                RecurrentState.fresh(stateSize, cellStateSize),
                Normaliser.fresh(features),
                ErrorStatistics.fresh(features, histogramBins, recentRanksSize),
                PendingPredictions.fresh(features, horizon),
                RecentInputs.fresh(recentInputsSize),
                LagRing.fresh(lagValuesSize),
                SeasonalStatistics.fresh());
    }

    /** Events processed for this key. */
    public long steps() {
        return steps;
    }

    /** Event time of the last processed event, epoch ms. */
    public long lastTs() {
        return lastTs;
    }

    /**
     * Kafka record timestamp of the last processed event, epoch ms ({@link #UNKNOWN_RECORD_TS} when
     * restored from format 4 or older): how far event time may move ahead is measured from it.
     */
    public long lastRecordTs() {
        return lastRecordTs;
    }

    /** Counts the event being processed; returns its step number, 1 for the key's first. */
    public long beginStep() {
        return ++steps;
    }

    /** Records the event time and record timestamp of the event just processed. */
    public void endStep(long ts, long recordTs) {
        lastTs = ts;
        lastRecordTs = recordTs;
    }

    public RecurrentState recurrent() {
        return recurrent;
    }

    public Normaliser normaliser() {
        return normaliser;
    }

    public ErrorStatistics errors() {
        return errors;
    }

    public PendingPredictions pending() {
        return pending;
    }

    public RecentInputs recentInputs() {
        return recentInputs;
    }

    public LagRing lags() {
        return lags;
    }

    /**
     * Events encoded under the current input layout, which the kept inputs can hold: the key's steps,
     * unless {@link #relayoutInputs} started the layout afresh since.
     */
    public long encodedSteps() {
        return lags.added();
    }

    /**
     * Makes sure the lag values and kept inputs have the sizes the job's input layout needs. A key
     * restored from a job whose kept lags, time features or re-warm steps gave them other sizes holds
     * values laid out for that job, which would be read as something else here (or overrun), so both
     * start afresh (a change that keeps both sizes goes unseen; README, "Lag changes"): lag inputs
     * read the current value until their events come round again, and a re-warm replays only inputs
     * encoded since ({@link #encodedSteps()}). Returns whether they did.
     */
    public boolean relayoutInputs(int lagValuesSize, int recentInputsSize) {
        if (lags.size() == lagValuesSize && recentInputs.size() == recentInputsSize) {
            return false;
        }
        lags = LagRing.fresh(lagValuesSize);
        recentInputs = RecentInputs.fresh(recentInputsSize);
        return true;
    }

    public SeasonalStatistics season() {
        return season;
    }

    public KeyState copy() {
        return new KeyState(
                steps,
                lastTs,
                lastRecordTs,
                recurrent.copy(),
                normaliser.copy(),
                errors.copy(),
                pending.copy(),
                recentInputs.copy(),
                lags.copy(),
                season.copy());
    }
}
