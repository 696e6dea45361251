package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenScores;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.training.Dl4jNetworks.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A categorical model serves what DL4J trained: tokens fed one-hot, the kernel's logits through
 * {@link TokenScores} give DL4J's softmax probabilities and its ranking, at the vocabulary sizes the
 * issue names. The kernel itself is proven by {@link RecurrentKernelParityTest}; this adds the softmax
 * output layer and vocabulary-sized inputs and outputs.
 */
class CategoricalParityTest {

    private static final int STEPS = 100;
    private static final double TOLERANCE = 1e-5;
    /** Probabilities closer than this may be ranked either way by float rounding. */
    private static final double TIE = 1e-6;

    private static final int K = 5;

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (String variant : new String[] {"vector", "scalar"}) {
                cases.add(Arguments.of(variant, new ModelShape(cell, 6, 3, 1, 6)));
                cases.add(Arguments.of(variant, new ModelShape(cell, 12, 8, 2, 12)));
                for (int vocabulary : new int[] {32, 256, 1024}) {
                    cases.add(Arguments.of(variant, new ModelShape(cell, vocabulary, 64, 1, vocabulary)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void probabilitiesAndTopKMatchDl4j(String variant, ModelShape shape, TestReporter reporter) {
        long seed = 7L + shape.describe().hashCode();
        MultiLayerNetwork net = network(shape, seed, 1e-3);
        RecurrentKernelParityTest.randomiseParameters(net, shape, new SplittableRandom(seed));
        // Unit-variance logits give a nearly flat distribution over a few tokens; a trained model is
        // peaked, and a peaked one shows whether the ranking is reproduced.
        net.getLayer(shape.layers()).getParam("W").muli(5);
        ModelWeights weights = Dl4jNetworks.extract(net, shape, Output.CATEGORICAL);
        RecurrentKernel kernel =
                variant.equals("vector") ? RecurrentKernel.vector(weights) : RecurrentKernel.scalar(weights);
        int vocabulary = shape.outputs();
        float[] x = new float[vocabulary];
        float[] h = new float[shape.stateSize()];
        float[] c = new float[shape.cellStateSize()];
        float[] p = new float[vocabulary];
        float[] expected = new float[vocabulary];
        int k = Math.min(K, vocabulary);
        int[] ids = new int[k];
        float[] top = new float[k];
        int[] expectedIds = new int[k];
        float[] expectedTop = new float[k];
        SplittableRandom tokens = new SplittableRandom(seed + 1);
        double maxDiff = 0;
        double maxProbability = 0;
        for (int t = 0; t < STEPS; t++) {
            int token = tokens.nextInt(vocabulary);
            oneHot(token, x);
            INDArray out = net.rnnTimeStep(Nd4j.create(x, new long[] {1, vocabulary, 1}, 'c'));
            for (int v = 0; v < vocabulary; v++) {
                expected[v] = out.getFloat(0, v, 0);
            }
            kernel.step(x, h, c, p);
            TokenScores.softmax(p, p);
            for (int v = 0; v < vocabulary; v++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[v] - p[v]));
                maxProbability = Math.max(maxProbability, p[v]);
            }
            assertThat(TokenScores.rank(p, token)).isEqualTo(rankIgnoringTies(expected, token, p));
            TokenScores.topK(p, ids, top);
            TokenScores.topK(expected, expectedIds, expectedTop);
            for (int r = 0; r < k; r++) {
                if (ids[r] != expectedIds[r]) {
                    assertThat((double) Math.abs(expected[ids[r]] - expected[expectedIds[r]]))
                            .as(
                                    "step %d rank %d: %s vs DL4J's %s",
                                    t, r + 1, Arrays.toString(ids), Arrays.toString(expectedIds))
                            .isLessThanOrEqualTo(TIE);
                }
            }
        }
        reporter.publishEntry("maxDiff", kernel.variant() + " " + shape.describe() + " probability " + maxDiff);
        assertThat(maxProbability)
                .as("the distribution must not be flat, or top-k parity proves nothing")
                .isGreaterThan(1.5 / vocabulary);
        assertThat(maxDiff).as("max probability difference").isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * The configuration learns: on the cycle 0, 1, 2, 3, 0, … cross-entropy falls, and the served model
     * (kernel and {@link TokenScores}, not DL4J) predicts the next token.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void aTinyModelLearnsACycle(Cell cell) {
        int vocabulary = 4;
        int length = 64;
        ModelShape shape = new ModelShape(cell, vocabulary, 8, 1, vocabulary);
        MultiLayerNetwork net = network(shape, 11, 0.02);
        INDArray features = Nd4j.zeros(1, vocabulary, length);
        INDArray labels = Nd4j.zeros(1, vocabulary, length);
        for (int t = 0; t < length; t++) {
            features.putScalar(new long[] {0, t % vocabulary, t}, 1);
            labels.putScalar(new long[] {0, (t + 1) % vocabulary, t}, 1);
        }
        DataSet cycle = new DataSet(features, labels);

        double before = net.score(cycle);
        for (int epoch = 0; epoch < 100; epoch++) {
            net.fit(cycle);
        }
        double after = net.score(cycle);

        assertThat(after).isLessThan(before / 4);
        RecurrentKernel kernel = RecurrentKernel.of(Dl4jNetworks.extract(net, shape, Output.CATEGORICAL));
        float[] x = new float[vocabulary];
        float[] h = new float[shape.stateSize()];
        float[] c = new float[shape.cellStateSize()];
        float[] p = new float[vocabulary];
        int[] best = new int[1];
        float[] bestProbability = new float[1];
        int right = 0;
        for (int t = 0; t < length; t++) {
            oneHot(t % vocabulary, x);
            kernel.step(x, h, c, p);
            TokenScores.softmax(p, p);
            TokenScores.topK(p, best, bestProbability);
            if (best[0] == (t + 1) % vocabulary) {
                right++;
            }
        }
        assertThat(right).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * length));
    }

    /**
     * The token's rank under DL4J's probabilities, except that where DL4J's and ours differ by no more than
     * rounding, ours decides: such ties may fall either way.
     */
    private static int rankIgnoringTies(float[] expected, int token, float[] actual) {
        int ahead = 0;
        for (int v = 0; v < expected.length; v++) {
            boolean tied = Math.abs(expected[v] - expected[token]) <= TIE;
            boolean before = tied
                    ? actual[v] > actual[token] || (actual[v] == actual[token] && v < token)
                    : expected[v] > expected[token];
            if (before) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    private static MultiLayerNetwork network(ModelShape shape, long seed, double learningRate) {
        MultiLayerNetwork net =
                new MultiLayerNetwork(Dl4jNetworks.configure(shape, Output.CATEGORICAL, seed, learningRate, 16));
        net.init();
        return net;
    }

    private static void oneHot(int token, float[] x) {
        Arrays.fill(x, 0);
        x[token] = 1;
    }
}
