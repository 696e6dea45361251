package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.predict.KeyPredictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains the job's network with DL4J (truncated BPTT, Adam, seeded) on per-key sequences, then
 * measures the result the way the job will use it: our kernel, stepping every key from its first
 * event, scored on the held-out tail of each key against the persistence baseline.
 */
public final class Trainer {
    private final JobSpec spec;
    private final ModelShape shape;

    public Trainer(JobSpec spec) {
        this.spec = spec;
        this.shape = ModelShape.of(spec);
    }

    /**
     * Trains a network, starting from {@code warmStart} when given (its shape must match), and
     * reports each epoch's loss to {@code progress}.
     */
    public TrainedModel train(
            Map<String, List<Event>> sequences, MultiLayerNetwork warmStart, Consumer<String> progress) {
        JobSpec.Training settings = spec.training();
        TrainingSet data = new TrainingSet(spec, sequences);
        if (data.isEmpty()) {
            throw new NotEnoughEventsException("not enough events to train: every key needs more than "
                    + spec.model().horizon() + " events in its training part");
        }
        MultiLayerNetwork net = warmStart;
        if (net == null) {
            net = untrainedNetwork();
        } else if (!Dl4jNetworks.shapeOf(net).equals(shape)) {
            throw new IllegalArgumentException("cannot warm-start from a "
                    + Dl4jNetworks.shapeOf(net).describe() + " network: the job needs " + shape.describe());
        }
        Map<String, Double> metrics = SequenceBatch.fit(
                net, settings, data.steps(), random -> data.minibatches(settings.batchSize(), random), progress);
        ModelWeights weights = Dl4jNetworks.extract(net, shape);
        metrics.putAll(validate(weights, sequences));
        return new TrainedModel(net, weights, metrics);
    }

    /** A network of the job's shape with its seeded initial weights. */
    public MultiLayerNetwork untrainedNetwork() {
        JobSpec.Training settings = spec.training();
        MultiLayerNetwork net = new MultiLayerNetwork(
                Dl4jNetworks.configure(shape, settings.seed(), settings.learningRate(), settings.tbptt()));
        net.init();
        return net;
    }

    /**
     * Mean absolute error of the model and of persistence on each key's held-out tail, original units.
     * Public so that another model (the serving one) can be scored on exactly the candidate's slice.
     */
    public Map<String, Double> validate(ModelWeights weights, Map<String, List<Event>> sequences) {
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(weights), 0);
        int horizon = spec.model().horizon();
        double modelError = 0;
        double naiveError = 0;
        long count = 0;
        for (List<Event> events : sequences.values()) {
            int from = TrainingSet.trainingLength(events.size(), spec.training().validationFraction());
            KeyState state = predictor.newState();
            for (int t = 0; t < events.size(); t++) {
                Prediction p = predictor.step(state, events.get(t));
                if (t >= from && t >= horizon && p.predicted != null) {
                    double[] before = events.get(t - horizon).values;
                    for (int f = 0; f < p.observed.length; f++) {
                        modelError += Math.abs(p.error[f]);
                        naiveError += Math.abs(p.observed[f] - before[f]);
                    }
                    count += p.observed.length;
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validationPoints", (double) count);
        if (count > 0) {
            metrics.put("validationMae", modelError / count);
            metrics.put("validationNaiveMae", naiveError / count);
        }
        return metrics;
    }

    /** A trained network, the weights the kernel runs, and how training went. */
    public record TrainedModel(MultiLayerNetwork network, ModelWeights weights, Map<String, Double> metrics) {}
}
