package io.stepcast.runtime.predict;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.LagRing;
import io.stepcast.runtime.state.Normaliser;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an event into the model's input vector, and model outputs back into values. Shared by the
 * streaming operator and the trainer, so the network is trained on exactly the inputs it later sees.
 *
 * <p>Input layout: one normalised value per feature; for each of the lags the key keeps
 * ({@link JobSpec#keptLags()}: {@code model.lags}, and with lag tuning every lag a trial may use), the
 * value of every feature that many events before the predicted event ({@code lag − horizon} events
 * before this one; 336 with 30-minute data is what the weekly-naive forecast says), normalised the same
 * way; then a (sine, cosine) pair per time feature. A model with fewer lags reads its columns of this
 * encoding through {@link InputColumns}. Until a key has seen a lag's event, that lag input is the
 * current value, which tells the network nothing it does not have.
 * Values are normalised with the key's running statistics after folding the event in, and clipped to
 * ±{@value #CLIP} standard deviations so a single wild value cannot saturate the recurrent state
 * (with normalisation off, values enter as they are, held within ±{@value #RAW_LIMIT}: the job file's
 * author owns their scale).
 */
public final class FeatureEncoder implements Serializable {
    static final double CLIP = 8;
    /**
     * Without normalisation, the bound of an input: the model's inputs are floats, finite up to 3.4e38,
     * and the prediction adds the model's output (at most 1e30, which {@code ModelWeights} enforces) to
     * its input in float, so this leaves room for that sum too.
     */
    static final double RAW_LIMIT = 1e38;

    private static final double TWO_PI = 2 * Math.PI;

    private final int features;
    private final JobSpec.NormalisationMode mode;
    private final int window;
    private final List<JobSpec.TimeFeature> timeFeatures;
    private final ZoneId zone;
    private final int[] lagDistances;
    private final int lagSlots;
    private final int width;

    public FeatureEncoder(JobSpec spec) {
        this.features = spec.modelOutputs();
        this.mode = spec.normalisation().mode();
        this.window = spec.normalisation().window();
        this.timeFeatures = spec.time().features();
        this.zone = ZoneId.of(spec.time().zone());
        int horizon = spec.model().horizon();
        List<Integer> kept = spec.keptLags();
        this.lagDistances = kept.stream().mapToInt(lag -> lag - horizon).toArray();
        this.lagSlots =
                lagDistances.length == 0 ? 0 : Arrays.stream(lagDistances).max().getAsInt() + 1;
        this.width = spec.inputsWithLags(kept.size());
    }

    /** Length of the encoded input: every kept lag's columns, which a model may use fewer of. */
    public int width() {
        return width;
    }

    /** Size of a key's {@link LagRing}. */
    public int lagValuesSize() {
        return lagSlots * features;
    }

    /** Folds the event's values into the key's normaliser and lag ring and writes the encoded input into {@code x}. */
    public void encode(KeyState s, long ts, double[] values, float[] x) {
        Normaliser normaliser = s.normaliser();
        LagRing lags = s.lags();
        normaliser.fold(values, window, mode == JobSpec.NormalisationMode.RUNNING);
        lags.add(values);
        for (int f = 0; f < features; f++) {
            x[f] = (float) input(normaliser, f, values[f]);
        }
        for (int j = 0; j < lagDistances.length; j++) {
            for (int f = 0; f < features; f++) {
                x[features * (1 + j) + f] = (float) input(normaliser, f, lags.valueBefore(lagDistances[j], f, values));
            }
        }
        if (!timeFeatures.isEmpty()) {
            encodeTime(ts, x, features * (1 + lagDistances.length));
        }
    }

    private double input(Normaliser normaliser, int f, double value) {
        return mode == JobSpec.NormalisationMode.RUNNING
                ? clip(normalise(normaliser, f, value), CLIP)
                : clip(value, RAW_LIMIT);
    }

    /** A future value as a training target: in the key's current units, bounded like inputs are. */
    public double target(KeyState s, int f, double value) {
        return input(s.normaliser(), f, value);
    }

    private static double clip(double value, double limit) {
        return Math.max(-limit, Math.min(limit, value));
    }

    /** A value in the key's current normalised units. */
    private double normalise(Normaliser normaliser, int f, double value) {
        return (value - mean(normaliser, f)) / scale(normaliser, f);
    }

    /** A model output (normalised units) back in the feature's own units. */
    public double denormalise(KeyState s, int f, double output) {
        return mean(s.normaliser(), f) + scale(s.normaliser(), f) * output;
    }

    /** The key's current unit of feature {@code f}: its standard deviation, or 1 without normalisation. */
    public double scale(KeyState s, int f) {
        return scale(s.normaliser(), f);
    }

    private double scale(Normaliser normaliser, int f) {
        return mode == JobSpec.NormalisationMode.RUNNING ? normaliser.scale(f) : 1.0;
    }

    private double mean(Normaliser normaliser, int f) {
        return mode == JobSpec.NormalisationMode.RUNNING ? normaliser.mean(f) : 0.0;
    }

    private void encodeTime(long ts, float[] x, int offset) {
        ZonedDateTime t = Instant.ofEpochMilli(ts).atZone(zone);
        double dayFraction = (t.toLocalTime().toNanoOfDay() / 1e9) / 86_400.0;
        int i = offset;
        for (JobSpec.TimeFeature feature : timeFeatures) {
            double cycle = switch (feature) {
                case HOUR_OF_DAY -> dayFraction;
                case DAY_OF_WEEK -> (t.getDayOfWeek().getValue() - 1 + dayFraction) / 7.0;
            };
            x[i++] = (float) Math.sin(TWO_PI * cycle);
            x[i++] = (float) Math.cos(TWO_PI * cycle);
        }
    }
}
