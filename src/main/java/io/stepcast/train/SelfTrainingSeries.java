package io.stepcast.train;

import io.stepcast.io.Event;
import io.stepcast.io.Prediction;
import io.stepcast.model.RecurrentKernel;
import io.stepcast.predict.KeyPredictor;
import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
public final class SelfTrainingSeries {
    private final JobSpec spec;
    private final Trainer trainer;
    private final SelfTrainingSchedule schedule;
    private final List<Event> seen = new ArrayList<>();
    private final KeyState state;
    private MultiLayerNetwork network;
    private KeyPredictor predictor;
    private int rounds;

    public SelfTrainingSeries(JobSpec spec) {
        this.spec = spec;
        this.trainer = new Trainer(spec);
        this.schedule = SelfTrainingSchedule.of(spec.training());
        this.network = trainer.untrainedNetwork();
        this.predictor = new KeyPredictor(spec, RecurrentKernel.of(Dl4jNetworks.extract(network, trainer.shape())), 0);
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

    private void retrain() {
        int window = spec.training().windowEvents();
        List<Event> recent = seen.subList(Math.max(0, seen.size() - window), seen.size());
        Trainer.TrainedModel model = trainer.train(Map.of("series", List.copyOf(recent)), network, progress -> {});
        network = model.network();
        rounds++;
        predictor = new KeyPredictor(spec, RecurrentKernel.of(model.weights()), rounds);
    }
}
