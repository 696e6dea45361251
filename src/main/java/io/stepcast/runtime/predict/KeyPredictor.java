package io.stepcast.runtime.predict;

import io.stepcast.runtime.anomaly.AnomalyLikelihood;
import io.stepcast.runtime.anomaly.SeasonalDeviation;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.Arrays;
import java.util.List;

/**
 * Advances one key by one event: scores the event against the prediction made for it, steps the
 * recurrent network, and predicts {@code horizon} events ahead.
 *
 * <p>The network predicts the change from the current value, in the key's normalised units: an
 * untrained or uncertain network then falls back towards persistence instead of towards the mean,
 * and training spends its updates on what persistence misses. Pure Java and deterministic, so the
 * Flink operator and offline checks compute bit-identical results. Not thread-safe: holds the
 * kernel's and the error score's scratch buffers; one instance per operator subtask.
 *
 * <p>An ensemble of networks of one shape ({@code nab} and {@code forecast-eval} with
 * {@code training.ensemble}) is served the same way: each member keeps its own hidden state, side by
 * side in the key's {@link io.stepcast.runtime.state.RecurrentState}, all see the same inputs, and
 * their outputs are averaged before anything else looks at them, so the error, the anomaly score and
 * the forecast are those of the averaged prediction.
 *
 * <p>A tuned model may use fewer lag inputs than the key keeps ({@code training.tuning.lags}): the key's
 * state is laid out for the job ({@link JobSpec#keptLags()}), and the model reads its own columns of
 * each encoded input ({@link InputColumns}), for stepping and for re-warming alike.
 */
public final class KeyPredictor implements Predictor {
    private final JobSpec spec;
    private final FeatureEncoder encoder;
    private final InputColumns columns;
    private final RecurrentKernel[] members;
    private final ModelShape shape;
    private final long modelVersion;
    private final int features;
    private final int horizon;
    private final JobSpec.SwapPolicy onSwap;
    private final int recentSteps;
    /** Lengths of a key's hidden and cell state: every member's, side by side. */
    private final int stateLength;

    private final int cellStateLength;
    /** The encoded input, every kept lag's columns; {@link #x} itself when the model reads them all. */
    private final float[] encoded;

    private final float[] x;
    private final float[] y;
    private final double[] normalisedError;
    private final float[] memberH;
    private final float[] memberC;
    private final float[] memberY;

    /** Serves {@code kernel}, a network with the job's own lag inputs ({@code model.lags}). */
    public KeyPredictor(JobSpec spec, RecurrentKernel kernel, long modelVersion) {
        this(spec, List.of(kernel), spec.model().lags(), modelVersion);
    }

    /**
     * Serves the average of {@code members}, networks of one shape with lag inputs {@code lags}, as one
     * model; the lags must be among those the job keeps.
     */
    public KeyPredictor(JobSpec spec, List<RecurrentKernel> members, List<Integer> lags, long modelVersion) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one network");
        }
        ModelShape shape = members.get(0).shape();
        InputColumns columns = InputColumns.of(spec, lags);
        if (shape.inputs() != columns.size() || shape.outputs() != spec.modelOutputs()) {
            throw new IllegalArgumentException("model " + shape.describe() + " does not fit job '" + spec.name()
                    + "', which with lags " + lags + " needs " + columns.size() + " inputs and "
                    + spec.modelOutputs() + " outputs");
        }
        for (RecurrentKernel member : members) {
            if (!member.shape().equals(shape)) {
                throw new IllegalArgumentException("ensemble members differ in shape: " + shape.describe() + " and "
                        + member.shape().describe());
            }
        }
        this.spec = spec;
        this.encoder = new FeatureEncoder(spec);
        this.columns = columns;
        this.members = members.toArray(new RecurrentKernel[0]);
        this.shape = shape;
        this.modelVersion = modelVersion;
        this.features = spec.modelOutputs();
        this.horizon = spec.model().horizon();
        this.onSwap = spec.model().onSwap();
        this.recentSteps = spec.model().rewarmSteps();
        this.stateLength = members.size() * shape.stateSize();
        this.cellStateLength = members.size() * shape.cellStateSize();
        this.x = new float[shape.inputs()];
        this.encoded = columns.all() ? x : new float[encoder.width()];
        this.y = new float[shape.outputs()];
        this.normalisedError = new double[features];
        this.memberH = new float[shape.stateSize()];
        this.memberC = new float[shape.cellStateSize()];
        this.memberY = new float[shape.outputs()];
    }

    @Override
    public KeyState newState() {
        return KeyState.fresh(
                stateLength,
                cellStateLength,
                features,
                horizon,
                recentInputsSize(),
                AnomalyLikelihood.BINS,
                spec.anomaly().shortWindow(),
                encoder.lagValuesSize());
    }

    private int recentInputsSize() {
        return recentSteps * encoder.width();
    }

    @Override
    public long version() {
        return modelVersion;
    }

    /**
     * Scores and steps one event. A key whose hidden state belongs to another model version is first
     * adapted by {@code model.onSwap}: re-warmed from its recent inputs, reset, or kept.
     *
     * <p>The one place that fixes the order of a step; each stage reads what the earlier ones left:
     * <ol>
     *   <li>count the step: the prediction made {@code horizon} steps ago for this event is due;</li>
     *   <li>score the event against it, in the key's units before this event (the normaliser has not
     *       seen it yet): the seasonal score, which needs the previous event's time, then the error
     *       statistics, which fold in the seasonal score;</li>
     *   <li>encode: fold the values into the normaliser and the lag ring, build the model input;</li>
     *   <li>keep the input for re-warming and step the networks on it;</li>
     *   <li>predict {@code horizon} events ahead into the pending ring;</li>
     *   <li>record the event time (the next event's "previous") and the model version.</li>
     * </ol>
     */
    @Override
    public Prediction step(KeyState s, Event e) {
        // a key restored from a job that kept other lags or re-warm steps: what it kept means nothing here
        s.relayoutInputs(encoder.lagValuesSize(), recentInputsSize());
        if (isStale(s)) {
            adaptToThisModel(s);
        }
        long step = s.beginStep();
        Prediction p = Prediction.of(e, step);
        if (step > horizon) {
            p.predicted = new double[features];
            p.error = new double[features];
            s.pending().recall(step, p.predicted);
            for (int f = 0; f < features; f++) {
                p.error[f] = e.values[f] - p.predicted[f];
                normalisedError[f] = p.error[f] / encoder.scale(s, f);
            }
            double seasonal = SeasonalDeviation.scoreAndLearn(
                    s.season(),
                    e.ts,
                    s.lastTs(),
                    e.values,
                    spec.anomaly().season(),
                    spec.anomaly().warmup());
            p.anomalyScore =
                    AnomalyLikelihood.scoreAndLearn(s.errors(), normalisedError, e.values, seasonal, spec.anomaly());
            p.anomaly = p.anomalyScore >= spec.anomaly().threshold();
        }
        encoder.encode(s, e.ts, e.values, encoded);
        s.recentInputs().remember(step, encoded);
        columns.select(encoded, x);
        stepNetworks(s);
        p.next = new double[features];
        for (int f = 0; f < features; f++) {
            p.next[f] = encoder.denormalise(s, f, x[f] + y[f]);
        }
        s.pending().remember(step, p.next);
        s.endStep(e.ts, e.recordTs);
        s.recurrent().computedBy(modelVersion);
        p.modelVersion = modelVersion;
        return p;
    }

    @Override
    public boolean rewarms(KeyState s) {
        return isStale(s)
                && (onSwap == JobSpec.SwapPolicy.REWARM || onSwap == JobSpec.SwapPolicy.KEEP && !fitsShape(s));
    }

    /** Whether {@code s}'s hidden state has the size of this model's (a tuned model may have another shape). */
    private boolean fitsShape(KeyState s) {
        return s.recurrent().h().length == stateLength && s.recurrent().c().length == cellStateLength;
    }

    /**
     * A state of another shape cannot be kept: it is resized and re-warmed under {@code keep} too, and
     * only zeroed under {@code reset}.
     */
    private void adaptToThisModel(KeyState s) {
        boolean resized = s.recurrent().resize(stateLength, cellStateLength);
        if (onSwap == JobSpec.SwapPolicy.KEEP && !resized) {
            return;
        }
        s.recurrent().reset();
        if (onSwap != JobSpec.SwapPolicy.RESET) {
            // oldest first: the newest of the n stored inputs is that of step s.steps()
            int n = (int) Math.min(s.encodedSteps(), recentSteps);
            for (int i = 0; i < n; i++) {
                s.recentInputs().recall(s.steps() - n + i + 1, encoded);
                columns.select(encoded, x);
                stepNetworks(s);
            }
        }
    }

    /** Steps every member on {@link #x} and leaves their mean output in {@link #y}. */
    private void stepNetworks(KeyState s) {
        float[] stateH = s.recurrent().h();
        float[] stateC = s.recurrent().c();
        if (members.length == 1) {
            members[0].step(x, stateH, stateC, y);
            return;
        }
        Arrays.fill(y, 0f);
        int h = memberH.length;
        int c = memberC.length;
        for (int m = 0; m < members.length; m++) {
            System.arraycopy(stateH, m * h, memberH, 0, h);
            System.arraycopy(stateC, m * c, memberC, 0, c);
            members[m].step(x, memberH, memberC, memberY);
            System.arraycopy(memberH, 0, stateH, m * h, h);
            System.arraycopy(memberC, 0, stateC, m * c, c);
            for (int o = 0; o < y.length; o++) {
                y[o] += memberY[o];
            }
        }
        for (int o = 0; o < y.length; o++) {
            y[o] /= members.length;
        }
    }
}
