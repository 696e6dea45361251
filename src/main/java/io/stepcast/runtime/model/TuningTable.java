package io.stepcast.runtime.model;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How the round that produced a model tuned it: successive halving's {@code eta} and every trial, in
 * trial order. The model's own settings are those of trial {@code winner}, and its weights are that
 * trial's after {@code keptEpochs} epochs, the rung where its validation error was lowest.
 */
public record TuningTable(String method, int eta, int winner, int keptEpochs, List<TuningTrial> trials)
        implements Serializable {

    public static final String SUCCESSIVE_HALVING = "successive-halving";

    public TuningTable {
        trials = List.copyOf(trials);
        if (winner < 0 || winner >= trials.size()) {
            throw new IllegalArgumentException("winner " + winner + " is not one of the " + trials.size() + " trials");
        }
        if (!trials.get(winner).epochs().contains(keptEpochs)) {
            throw new IllegalArgumentException("trial " + winner + " was never scored after " + keptEpochs + " epochs");
        }
    }

    /** The trial whose settings the model has. */
    public TuningTrial winning() {
        return trials.get(winner);
    }

    /** One line on the outcome, as {@code model list}, {@code nab} and {@code forecast-eval} print it. */
    public String summary() {
        TuningTrial won = winning();
        return String.format(
                Locale.ROOT,
                "tuned (%s, eta %d): trial %d of %d won: hidden %d, layers %d, learning rate %s, sequence %d, "
                        + "recent %s%s, kept after %d epochs",
                method,
                eta,
                winner,
                trials.size(),
                won.hidden(),
                won.layers(),
                won.learningRate(),
                won.sequenceLength(),
                won.recent(),
                won.lags() == null ? "" : ", lags " + won.lags(),
                keptEpochs);
    }
}
