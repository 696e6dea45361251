package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.TuningTable;
import io.stepcast.runtime.model.TuningTrial;
import io.stepcast.runtime.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Tunes the model's settings within the job's budget ({@code training.tuning}): samples configurations
 * ({@link TrialSettings#sample}), trains and scores them by {@link SuccessiveHalving} on the same data
 * and the same held-out slice, and returns the one left at the end, trained for up to
 * {@code training.epochs} and kept at the rung where it scored best, with every trial's record for the
 * manifest.
 *
 * <p>Trial 0 is the configuration of the model being continued ({@code warm}), warm-started from its
 * network, so the winner is never worse on the slice than another round of plain warm-started training.
 * Every other trial of the same shape and lag inputs continues a copy of that network with its own
 * learning rate, sequence length and share of the window; other trials start from their seeded initial
 * weights. Trials train one after another, each
 * deterministic, so a round's outcome does not depend on the machine's speed.
 */
public final class Tuner {
    private final JobSpec spec;
    private final JobSpec.Tuning budget;

    /** A model to continue: its network and the settings it was trained with. */
    public record Warm(MultiLayerNetwork network, TrialSettings settings) {}

    /** The winning model, the job with its settings, and the round's trials. */
    public record Result(Trainer.TrainedModel model, JobSpec tuned, TuningTable table) {}

    public Tuner(JobSpec spec) {
        if (!spec.training().tuning().enabled()) {
            throw new IllegalArgumentException("job '" + spec.name() + "' does not tune: training.tuning.trials is 0");
        }
        this.spec = spec;
        this.budget = spec.training().tuning();
    }

    /**
     * One tuning round on {@code sequences}; {@code warm} may be null (nothing serves yet). Throws
     * {@link NotEnoughEventsException} when a configuration finds nothing to train on.
     */
    public Result tune(Map<String, List<Event>> sequences, Warm warm, Consumer<String> log) {
        TrialSettings first = warm == null ? TrialSettings.of(spec) : warm.settings();
        List<TrialSettings> configurations = TrialSettings.sample(
                spec, first, budget.trials(), spec.training().seed());
        List<Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < configurations.size(); t++) {
            TrialSettings settings = configurations.get(t);
            JobSpec tuned = settings.apply(spec);
            candidates.add(new Candidate(settings, tuned, sequences, warmStart(warm, tuned, t)));
        }
        SuccessiveHalving halving =
                new SuccessiveHalving(budget.eta(), spec.training().epochs());
        log.accept("tuning: " + candidates.size() + " trials, rungs at " + halving.rungEpochs(candidates.size())
                + " epochs; trial 0 (" + first.describe() + ") "
                + (warm == null
                        ? "has the job file's settings"
                        : "continues the serving model, as does every trial of its shape and lags"));
        SuccessiveHalving.Outcome outcome = halving.run(candidates, log);
        List<TuningTrial> trials = new ArrayList<>();
        for (int t = 0; t < candidates.size(); t++) {
            TrialSettings s = candidates.get(t).settings;
            trials.add(new TuningTrial(
                    t,
                    s.hidden(),
                    s.layers(),
                    s.learningRate(),
                    s.sequenceLength(),
                    s.recent(),
                    s.lags(),
                    candidates.get(t).warmStarted,
                    outcome.epochs().get(t),
                    outcome.scores().get(t)));
        }
        Candidate winner = candidates.get(outcome.winner());
        log.accept("tuning: trial " + outcome.winner() + " won (" + winner.settings.describe() + "), kept after "
                + winner.bestEpochs + " epochs");
        return new Result(
                winner.best,
                winner.tuned,
                new TuningTable(
                        TuningTable.SUCCESSIVE_HALVING, budget.eta(), outcome.winner(), winner.bestEpochs, trials));
    }

    /**
     * The network trial {@code t} starts from: the serving one for trial 0, a copy of it for another
     * trial of the same shape and lag inputs (its own learning rate, sequence length and share of the
     * window then continue it), and null, its seeded initial weights, for any other trial
     * ({@link Trainer#canContinue}).
     */
    private static MultiLayerNetwork warmStart(Warm warm, JobSpec tuned, int t) {
        if (warm == null || !Trainer.canContinue(warm.network(), warm.settings().lags(), tuned)) {
            return null;
        }
        return t == 0 ? warm.network() : warm.network().clone();
    }

    /**
     * One configuration in training. It keeps the best network it has been at any rung (a copy), as
     * early stopping at the rungs: more epochs can make a network worse on the slice, and the round
     * should not publish the worse one.
     */
    private static final class Candidate implements SuccessiveHalving.Trial {
        private final TrialSettings settings;
        private final JobSpec tuned;
        private final Trainer.Run run;
        private final boolean warmStarted;
        private Trainer.TrainedModel latest;
        private Trainer.TrainedModel best;
        private int bestEpochs;

        Candidate(TrialSettings settings, JobSpec tuned, Map<String, List<Event>> sequences, MultiLayerNetwork start) {
            this.settings = settings;
            this.tuned = tuned;
            this.warmStarted = start != null;
            this.run = new Trainer(tuned).start(sequences, start, settings.recent());
        }

        @Override
        public void trainTo(int epochs) {
            if (epochs > run.epochs()) { // two rungs may round to the same epochs
                run.train(epochs - run.epochs(), progress -> {});
                latest = null;
            }
        }

        @Override
        public double score() {
            if (latest == null) {
                latest = run.result();
                double mae = mae(latest);
                if (best == null || mae < mae(best)) {
                    best = new Trainer.TrainedModel(latest.network().clone(), latest.weights(), latest.metrics());
                    bestEpochs = run.epochs();
                }
            }
            return mae(latest);
        }

        private static double mae(Trainer.TrainedModel model) {
            return model.metrics().getOrDefault("validationMae", Double.NaN);
        }
    }
}
