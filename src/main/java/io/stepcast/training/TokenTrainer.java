package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.TokenPredictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains a job's next-token network with DL4J (softmax output, cross-entropy, truncated BPTT, Adam,
 * seeded) and measures it the way the job uses it: {@link TokenPredictor} on our kernel, every key
 * stepped from its first event, scored on the held-out newest events by cross-entropy (mean −ln p of
 * the token that arrived, in nats) next to a token-frequency baseline.
 *
 * <p><b>Held out.</b> The newest {@code training.validationFraction} of all events, by event time,
 * validate, not the tail of each key: keys of a categorical job are often short-lived (sessions), and
 * holding out each session's tail would hold out every session's last event (its logout), which the
 * model then never learns.
 *
 * <p><b>Vocabulary.</b> A job file may fix it; otherwise it is learned: the {@code base} vocabulary
 * (the longest one stored for the job, so ids keep their meaning across every version ever stored)
 * grown by the training events' tokens, most frequent first, up to {@code tokens.maxVocabulary}.
 */
public final class TokenTrainer {
    private final JobSpec spec;

    public TokenTrainer(JobSpec spec) {
        if (!spec.categorical()) {
            throw new IllegalArgumentException("job '" + spec.name() + "' has no tokens.field");
        }
        this.spec = spec;
    }

    /** The vocabulary a model trained on {@code sequences} gets: the job's fixed one, or {@code base} grown. */
    public TokenVocabulary vocabulary(Map<String, List<Event>> sequences, TokenVocabulary base) {
        JobSpec.Tokens tokens = spec.tokens();
        if (!tokens.learned()) {
            return TokenVocabulary.of(tokens.vocabulary());
        }
        Map<String, Long> counts = new HashMap<>();
        long cutoff = validationCutoff(sequences);
        for (List<Event> events : sequences.values()) {
            for (Event e : events.subList(0, before(events, cutoff))) {
                counts.merge(e.token, 1L, Long::sum);
            }
        }
        List<String> byFrequency = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        return (base == null ? TokenVocabulary.of(List.of()) : base).grownBy(byFrequency, tokens.maxVocabulary());
    }

    /**
     * The event time from which events validate: that of the newest {@code training.validationFraction}
     * of all events ({@link Long#MAX_VALUE} for none). Events at the cutoff time validate.
     */
    public long validationCutoff(Map<String, List<Event>> sequences) {
        long[] times = sequences.values().stream()
                .flatMap(List::stream)
                .mapToLong(e -> e.ts)
                .sorted()
                .toArray();
        int trainEvents =
                TrainingSet.trainingLength(times.length, spec.training().validationFraction());
        return trainEvents >= times.length ? Long.MAX_VALUE : times[trainEvents];
    }

    /** How many of a key's events, in time order, lie before {@code cutoff}. */
    static int before(List<Event> events, long cutoff) {
        int n = 0;
        while (n < events.size() && events.get(n).ts < cutoff) {
            n++;
        }
        return n;
    }

    /** The shape of a network over {@code vocabulary}. */
    public ModelShape shape(TokenVocabulary vocabulary) {
        return ModelShape.ofTokens(spec, vocabulary.size());
    }

    /**
     * Trains a network over {@code vocabulary}, from {@code warmStart} when given: as it is when its
     * shape is the same, grown ({@link Dl4jNetworks#grownFrom}) when the vocabulary grew. Reports each
     * epoch's loss.
     */
    public Trainer.TrainedModel train(
            Map<String, List<Event>> sequences,
            TokenVocabulary vocabulary,
            MultiLayerNetwork warmStart,
            Consumer<String> progress) {
        JobSpec.Training settings = spec.training();
        ModelShape shape = shape(vocabulary);
        TokenTrainingSet data = new TokenTrainingSet(spec, vocabulary, sequences, validationCutoff(sequences));
        if (data.isEmpty()) {
            throw new NotEnoughEventsException("not enough events to train: no key has a token in its training part");
        }
        MultiLayerNetwork net = warmStart;
        if (net == null
                || !Dl4jNetworks.shapeOf(net, Dl4jNetworks.Output.CATEGORICAL).equals(shape)) {
            MultiLayerNetwork fresh = new MultiLayerNetwork(Dl4jNetworks.configure(
                    shape,
                    Dl4jNetworks.Output.CATEGORICAL,
                    settings.seed(),
                    settings.learningRate(),
                    settings.tbptt()));
            fresh.init();
            if (net != null) {
                progress.accept("the vocabulary grew to " + vocabulary.size() + " ids: " + shape.describe()
                        + " continues from the serving model's weights, the new ids from random ones");
                fresh = Dl4jNetworks.grownFrom(net, fresh);
            }
            net = fresh;
        } else {
            Dl4jNetworks.continueWith(net, settings.learningRate(), settings.tbptt());
        }
        Map<String, Double> metrics = SequenceBatch.fit(
                        net,
                        settings.epochs(),
                        new Random(settings.seed()),
                        data.steps(),
                        random -> data.minibatches(settings.batchSize(), random),
                        progress)
                .metrics();
        ModelWeights weights = Dl4jNetworks.extract(net, shape, Dl4jNetworks.Output.CATEGORICAL);
        metrics.put("vocabularySize", (double) vocabulary.tokens().size());
        metrics.putAll(validate(weights, vocabulary, sequences));
        return new Trainer.TrainedModel(net, weights, metrics);
    }

    /**
     * Cross-entropy of a model on the held-out newest events ({@code validationCrossEntropy}), next to
     * that of the training part's token frequencies over the same vocabulary, add-one smoothed
     * ({@code validationFrequencyCrossEntropy}), plus top-1 accuracy. Public so that the serving model
     * can be scored on exactly the candidate's slice, with its own vocabulary.
     */
    public Map<String, Double> validate(
            ModelWeights weights, TokenVocabulary vocabulary, Map<String, List<Event>> sequences) {
        TokenPredictor predictor = new TokenPredictor(spec, RecurrentKernel.of(weights), vocabulary, 0);
        long cutoff = validationCutoff(sequences);
        long[] trainCounts = new long[vocabulary.size()];
        long trainTotal = 0;
        double modelNats = 0;
        double frequencyNats = 0;
        long top1 = 0;
        long count = 0;
        for (List<Event> events : sequences.values()) {
            for (Event e : events.subList(0, before(events, cutoff))) {
                trainCounts[vocabulary.id(e.token)]++;
                trainTotal++;
            }
        }
        for (List<Event> events : sequences.values()) {
            int from = before(events, cutoff);
            KeyState state = predictor.newState();
            for (int t = 0; t < events.size(); t++) {
                Prediction p = predictor.step(state, events.get(t));
                if (t >= from) {
                    modelNats += -Math.log(Math.max(p.tokenProbability, Float.MIN_NORMAL));
                    int id = vocabulary.id(p.token);
                    frequencyNats += -Math.log((trainCounts[id] + 1.0) / (trainTotal + vocabulary.size()));
                    top1 += p.tokenRank == 1 ? 1 : 0;
                    count++;
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validationPoints", (double) count);
        if (count > 0) {
            metrics.put("validationCrossEntropy", modelNats / count);
            metrics.put("validationFrequencyCrossEntropy", frequencyNats / count);
            metrics.put("validationTop1", (double) top1 / count);
        }
        return metrics;
    }
}
