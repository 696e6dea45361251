package io.stepcast.tools.sequence;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenScores;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.training.Dl4jNetworks;
import io.stepcast.training.Dl4jNetworks.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A next-token LSTM over a fixed vocabulary and its out-of-vocabulary bucket: trained by DL4J
 * (softmax, cross-entropy, truncated BPTT) and served by the project's own {@link RecurrentKernel} and
 * {@link TokenScores}, one token at a time, as a job would serve it.
 *
 * <p>Tokens are class ids: the vocabulary's indices, and {@link Vocabulary#known()} for the bucket. Each
 * sequence starts from zero state; the first step's input is all zeros (no token yet), every later
 * step's input is the previous token one-hot, and every step's target is the token itself. So the model
 * predicts every token of a sequence, the first one included, as the counting baselines do.
 */
public final class TokenLstm {

    /** Network size and training schedule. */
    public record Settings(int hidden, int epochs, int batchSize, int tbpttLength, double learningRate, long seed) {
        public Settings {
            if (hidden < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("hidden, epochs and batch size must be at least 1, are " + hidden
                        + ", " + epochs + " and " + batchSize);
            }
        }
    }

    private final ModelWeights weights;

    private TokenLstm(ModelWeights weights) {
        this.weights = weights;
    }

    public ModelShape shape() {
        return weights.shape();
    }

    /** The class ids of {@code tokens}: out-of-vocabulary tokens go to the bucket. */
    public static int[] classes(List<String> tokens, Vocabulary vocabulary) {
        return tokens.stream()
                .mapToInt(token -> {
                    int index = vocabulary.index(token);
                    return index < 0 ? vocabulary.known() : index;
                })
                .toArray();
    }

    /**
     * Trains on {@code sequences} of class ids below {@code classes} (the bucket is the last), visiting
     * its minibatches in a seeded random order each epoch, and reports each epoch to {@code progress}.
     */
    public static TokenLstm train(List<int[]> sequences, int classes, Settings settings, PrintWriter progress) {
        ModelShape shape = new ModelShape(Cell.LSTM, classes, settings.hidden(), 1, classes);
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(
                shape, Output.CATEGORICAL, settings.seed(), settings.learningRate(), settings.tbpttLength()));
        net.init();
        List<List<int[]>> batches = batchesOfSimilarLength(sequences, settings.batchSize());
        Random random = new Random(settings.seed());
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long start = System.nanoTime();
            Collections.shuffle(batches, random);
            double score = 0;
            for (List<int[]> batch : batches) {
                net.fit(dataSet(batch, classes));
                score += net.score();
            }
            progress.printf(
                    "epoch %d/%d: %.0f s, mean DL4J score (of each minibatch's last truncated-BPTT segment) %.3f%n",
                    epoch, settings.epochs(), (System.nanoTime() - start) / 1e9, score / batches.size());
            progress.flush();
        }
        return new TokenLstm(Dl4jNetworks.extract(net, shape, Output.CATEGORICAL));
    }

    /**
     * Scores every token of {@code sequences} with the served model. The bucket's probability counts
     * towards perplexity, but the bucket is never ranked: an out-of-vocabulary token gets rank 0 and is
     * never a hit, as with {@link NGramModel}.
     */
    public NextTokenTally evaluate(List<int[]> sequences, int g) {
        RecurrentKernel kernel = RecurrentKernel.of(weights);
        ModelShape shape = weights.shape();
        int bucket = shape.outputs() - 1;
        float[] x = new float[shape.inputs()];
        float[] h = new float[shape.stateSize()];
        float[] c = new float[shape.cellStateSize()];
        float[] p = new float[shape.outputs()];
        NextTokenTally tally = new NextTokenTally(g);
        for (int[] sequence : sequences) {
            Arrays.fill(x, 0);
            Arrays.fill(h, 0);
            Arrays.fill(c, 0);
            for (int t = 0; t < sequence.length; t++) {
                int token = sequence[t];
                kernel.step(x, h, c, p);
                TokenScores.softmax(p, p);
                double probability = p[token];
                // below every probability, and last among ties by id: the bucket is ranked behind every token
                p[bucket] = -1;
                tally.add(token == bucket ? 0 : TokenScores.rank(p, token), probability);
                if (t > 0) {
                    x[sequence[t - 1]] = 0;
                }
                x[token] = 1;
            }
        }
        return tally;
    }

    /**
     * The non-empty sequences in minibatches of similar length, so that little of a minibatch is padding
     * that DL4J computes and masks away: sorted by length (a stable sort, so ties keep their order), then
     * cut into runs of {@code size}.
     */
    private static List<List<int[]>> batchesOfSimilarLength(List<int[]> sequences, int size) {
        List<int[]> byLength = sequences.stream()
                .filter(s -> s.length > 0)
                .sorted(Comparator.comparingInt(s -> s.length))
                .toList();
        List<List<int[]>> batches = new ArrayList<>();
        for (int from = 0; from < byLength.size(); from += size) {
            batches.add(byLength.subList(from, Math.min(from + size, byLength.size())));
        }
        return batches;
    }

    /**
     * One minibatch: the sequences side by side, padded to the longest and masked beyond each one's end.
     * Laid out in 'f' order, DL4J's own for time series: given 'c' order it copies every truncated-BPTT
     * segment into 'f' order first, which made training ten times slower.
     */
    private static DataSet dataSet(List<int[]> sequences, int classes) {
        int n = sequences.size();
        int length = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        float[] features = new float[n * classes * length];
        float[] labels = new float[n * classes * length];
        float[] mask = new float[n * length];
        for (int b = 0; b < n; b++) {
            int[] sequence = sequences.get(b);
            for (int t = 0; t < sequence.length; t++) {
                mask[b + n * t] = 1;
                labels[b + n * (sequence[t] + classes * t)] = 1;
                if (t > 0) {
                    features[b + n * (sequence[t - 1] + classes * t)] = 1;
                }
            }
        }
        long[] series = {n, classes, length};
        long[] steps = {n, length};
        return new DataSet(
                Nd4j.create(features, series, 'f'),
                Nd4j.create(labels, series, 'f'),
                Nd4j.create(mask, steps, 'f'),
                Nd4j.create(mask, steps, 'f'));
    }
}
