package io.stepcast.runtime.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One configuration the tuner tried in the round that produced a model, as the manifest records it:
 * its settings, and its validation error after each rung it reached (rung {@code i} after
 * {@code epochs.get(i)} epochs in all). The winner is the trial that reached the last rung.
 *
 * @param trial          0-based; trial 0 is the configuration that was serving (or the job file's)
 * @param lags           its lag inputs; null in manifests written before lags were tuned (the model's own
 *                       are the manifest's {@code lags})
 * @param warmStart      whether it continued from the serving model's weights
 * @param epochs         epochs trained in all at each rung it reached
 * @param validationMae  its validation error at each of those rungs (null where not finite)
 */
public record TuningTrial(
        int trial,
        int hidden,
        int layers,
        double learningRate,
        int sequenceLength,
        double recent,
        List<Integer> lags,
        boolean warmStart,
        List<Integer> epochs,
        List<Double> validationMae)
        implements Serializable {

    public TuningTrial {
        lags = lags == null ? null : List.copyOf(lags);
        epochs = List.copyOf(epochs);
        // a diverged trial's NaN is not JSON; the manifest keeps it as null
        List<Double> finite = new ArrayList<>();
        for (Double v : validationMae) {
            finite.add(v != null && Double.isFinite(v) ? v : null);
        }
        validationMae = Collections.unmodifiableList(finite);
    }

    /** Its lowest validation error at any rung, NaN when it had no finite one. */
    public double bestValidationMae() {
        return validationMae.stream()
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(Double.NaN);
    }
}
