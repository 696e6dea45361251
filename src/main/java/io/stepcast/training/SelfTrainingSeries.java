package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TuningTable;
import io.stepcast.runtime.predict.KeyPredictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One key's series with a model of its own, retrained on the key's own past while it streams: the
 * per-key model scope of DESIGN.md decision 8, for evaluation corpora and small key counts.
 *
 * <p>Strictly causal: the model that predicts event t was trained on events before t only. Rounds
 * follow {@link SelfTrainingSchedule}; each warm-starts from the previous network, trains on the
 * newest {@code training.windowEvents} events, and the new weights take over through the same
 * {@link KeyPredictor} swap rule ({@code model.onSwap}) the streaming job applies. Until the first
 * round the network's seeded initial weights serve (an untrained residual network is close to
 * persistence). Deterministic for a given spec and series.
 *
 * <p>With {@code training.ensemble} above 1 the model is that many networks differing only in their
 * seed ({@code training.seed}, {@code seed + 1}, …), trained side by side each round and served as
 * their average: members trained from different starting weights and minibatch orders err
 * differently, so their mean errs less than a typical member, and results depend less on one seed.
 * A round trains the members on up to as many threads as the common fork-join pool allows; each
 * member's training is deterministic, so the result does not depend on which finishes first.
 *
 * <p>With {@code training.tuning.trials} set, each round is a {@link Tuner} round instead: the
 * serving configuration continues from its network as trial 0, and the winner, whatever its shape,
 * takes over by the swap rule (a key of another shape is re-warmed); with an ensemble, the other
 * members then train with the winner's settings. Tuning is then part of the detector, as causal as
 * its training.
 */
public final class SelfTrainingSeries {
    private final JobSpec spec;
    private final List<Trainer> trainers = new ArrayList<>();
    private final SelfTrainingSchedule schedule;
    private final List<Event> seen = new ArrayList<>();
    private final KeyState state;
    private final MultiLayerNetwork[] networks;
    private final Tuner tuner;
    private TrialSettings tunedSettings;
    /** The lag inputs of the serving networks: the job file's until a tuning round picks others. */
    private List<Integer> servedLags;

    private TuningTable lastTuning;
    private KeyPredictor predictor;
    private int rounds;

    public SelfTrainingSeries(JobSpec spec) {
        this.spec = spec;
        this.schedule = SelfTrainingSchedule.of(spec.training());
        this.tuner = spec.training().tuning().enabled() ? new Tuner(spec) : null;
        int members = spec.training().ensemble();
        this.networks = new MultiLayerNetwork[members];
        List<RecurrentKernel> kernels = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            Trainer trainer = new Trainer(
                    spec.withTraining(spec.training().withSeed(spec.training().seed() + m)));
            trainers.add(trainer);
            networks[m] = trainer.untrainedNetwork();
            kernels.add(RecurrentKernel.of(Dl4jNetworks.extract(networks[m], ModelShape.of(spec))));
        }
        this.servedLags = spec.model().lags();
        this.predictor = new KeyPredictor(spec, kernels, servedLags, 0);
        this.state = predictor.newState();
    }

    /** Scores and steps one event, after a training round on the events before it when one is due. */
    public Prediction step(Event e) {
        if (schedule.due(seen.size())) {
            retrain();
        }
        Prediction p = predictor.step(state, e);
        seen.add(e);
        return p;
    }

    /** Training rounds so far, which is also the version of the serving weights. */
    public int rounds() {
        return rounds;
    }

    /** The last tuning round's trials; null before one or without tuning. */
    public TuningTable lastTuning() {
        return lastTuning;
    }

    private void retrain() {
        int window = spec.training().windowEvents();
        Map<String, List<Event>> recent =
                Map.of("series", List.copyOf(seen.subList(Math.max(0, seen.size() - window), seen.size())));
        if (tuner != null) {
            tune(recent);
            return;
        }
        serve(IntStream.range(0, networks.length)
                .parallel()
                .mapToObj(m -> trainers.get(m).train(recent, networks[m], progress -> {}))
                .toList());
    }

    /** The round's networks, one per ensemble member, serve from the next event on. */
    private void serve(List<Trainer.TrainedModel> models) {
        servedLags = tunedSettings == null ? spec.model().lags() : tunedSettings.lags();
        List<RecurrentKernel> kernels = new ArrayList<>();
        for (int m = 0; m < networks.length; m++) {
            networks[m] = models.get(m).network();
            kernels.add(RecurrentKernel.of(models.get(m).weights()));
        }
        rounds++;
        predictor = new KeyPredictor(spec, kernels, servedLags, rounds);
    }

    /**
     * A tuning round: the winner serves from the next event on. With {@code training.ensemble} above 1
     * the winner is member 0 and the other members train with its settings, each with its own seed, so
     * the served model is again an average of networks that err differently.
     */
    private void tune(Map<String, List<Event>> recent) {
        Tuner.Warm warm = rounds == 0 ? null : new Tuner.Warm(networks[0], tunedSettings);
        Tuner.Result result = tuner.tune(recent, warm, line -> {});
        tunedSettings = TrialSettings.of(result.table().winning());
        lastTuning = result.table();
        serve(IntStream.range(0, networks.length)
                .parallel()
                .mapToObj(m -> m == 0 ? refit(result, recent) : member(m, result.tuned(), recent))
                .toList());
    }

    /**
     * Ensemble member {@code m} after a tuning round: the winning settings with seed {@code seed + m},
     * trained on the whole window for as many epochs as the winner had in all (its kept epochs and the
     * refit), continuing the member's own network when its shape and lag inputs are still the winner's.
     */
    private Trainer.TrainedModel member(int m, JobSpec tuned, Map<String, List<Event>> recent) {
        JobSpec member =
                tuned.withTraining(tuned.training().withSeed(spec.training().seed() + m));
        return onWholeWindow(
                member,
                Trainer.canContinue(networks[m], servedLags, member) ? networks[m] : null,
                lastTuning.keptEpochs() + spec.training().tuning().refitEpochs(),
                recent);
    }

    /**
     * The trials were judged on the window's newest rows, which none of them trained on; a forecaster
     * that never trains on its newest rows lags behind, so the winner now trains on the whole window
     * for {@code training.tuning.refitEpochs} (the trainer's rounds cannot: its gate needs the rows
     * held out).
     */
    private Trainer.TrainedModel refit(Tuner.Result result, Map<String, List<Event>> recent) {
        int epochs = spec.training().tuning().refitEpochs();
        return epochs == 0
                ? result.model()
                : onWholeWindow(result.tuned(), result.model().network(), epochs, recent);
    }

    /**
     * Trains {@code start} (null: the job's seeded initial weights) with the {@code tuned} settings for
     * {@code epochs} on the whole window, the held-out slice included and without tuning.
     */
    private Trainer.TrainedModel onWholeWindow(
            JobSpec tuned, MultiLayerNetwork start, int epochs, Map<String, List<Event>> recent) {
        JobSpec whole = tuned.with(JobSpec.Tuning.TRIALS, 0).with(JobSpec.Training.VALIDATION_FRACTION, 0.0);
        Trainer.Run run = new Trainer(whole).start(recent, start, tunedSettings.recent());
        run.train(epochs, line -> {});
        return run.result();
    }
}
