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
import java.util.Random;
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
        Run run = start(sequences, warmStart, 1.0);
        run.train(spec.training().epochs(), progress);
        return run.result();
    }

    /**
     * A network ready to train on {@code sequences}, epoch by epoch: the tuner's trials are trained in
     * steps and scored between them. {@code recent} is the newest share of each key's training part
     * that trains; validation is always the whole held-out slice.
     */
    public Run start(Map<String, List<Event>> sequences, MultiLayerNetwork warmStart, double recent) {
        TrainingSet data = new TrainingSet(spec, sequences, recent);
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
        } else {
            Dl4jNetworks.continueWith(
                    net, spec.training().learningRate(), spec.training().tbptt());
        }
        return new Run(net, data, sequences);
    }

    /**
     * One network in training. The minibatch order comes from one random source seeded with
     * {@code training.seed} for the run's whole life, so training 2 epochs and then 3 gives the same
     * network as training 5 at once.
     */
    public final class Run {
        private final MultiLayerNetwork net;
        private final TrainingSet data;
        private final Map<String, List<Event>> sequences;
        private final Random random = new Random(spec.training().seed());
        private int epochs;
        private double loss = Double.NaN;
        private double seconds;

        private Run(MultiLayerNetwork net, TrainingSet data, Map<String, List<Event>> sequences) {
            this.net = net;
            this.data = data;
            this.sequences = sequences;
        }

        /** Trains {@code more} epochs on top of those so far. */
        public void train(int more, Consumer<String> progress) {
            SequenceBatch.Fit fit = SequenceBatch.fit(
                    net,
                    more,
                    random,
                    data.steps(),
                    r -> data.minibatches(spec.training().batchSize(), r),
                    progress);
            epochs += more;
            loss = fit.loss();
            seconds += fit.seconds();
        }

        /** Epochs trained so far. */
        public int epochs() {
            return epochs;
        }

        /** The network as trained so far, with its training and validation metrics. */
        public TrainedModel result() {
            ModelWeights weights = Dl4jNetworks.extract(net, shape);
            // every epoch trained so far, whichever call of train() it came from
            Map<String, Double> metrics = new SequenceBatch.Fit(loss, data.steps() * epochs, seconds).metrics();
            metrics.putAll(validate(weights, spec.model().lags(), sequences));
            return new TrainedModel(net, weights, metrics);
        }
    }

    /**
     * Whether {@code net}, trained with lag inputs {@code lags}, can go on training as {@code job}'s
     * model: the same shape, and inputs that mean the same (a network whose inputs meant other lags has
     * nothing to pass on, even when their count is the same).
     */
    static boolean canContinue(MultiLayerNetwork net, List<Integer> lags, JobSpec job) {
        return Dl4jNetworks.shapeOf(net).equals(ModelShape.of(job))
                && lags.equals(job.model().lags());
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
     * Mean absolute error of the model, whose lag inputs are {@code lags}, and of persistence on each
     * key's held-out tail, original units. Public so that another model (the serving one, which a tuned
     * job may have trained with other lags) can be scored on exactly the candidate's slice.
     */
    public Map<String, Double> validate(ModelWeights weights, List<Integer> lags, Map<String, List<Event>> sequences) {
        KeyPredictor predictor = new KeyPredictor(spec, List.of(RecurrentKernel.of(weights)), lags, 0);
        int horizon = spec.model().horizon();
        double modelError = 0;
        double naiveError = 0;
        long count = 0;
        for (List<Event> events : sequences.values()) {
            int from = TrainingSet.trainingLength(events.size(), spec.training().validationFraction());
            if (from >= events.size()) {
                continue; // nothing held out: stepping the key would score nothing
            }
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
