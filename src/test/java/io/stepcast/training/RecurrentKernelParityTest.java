package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.spec.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel must serve exactly what DL4J trained: same inputs, same state, same outputs, over a long
 * sequence so that any drift in the recurrence shows up. Both variants: the vector kernel (float
 * arithmetic, Vector API EXP/TANH) that users get, and the scalar fallback.
 */
class RecurrentKernelParityTest {

    private static final int STEPS = 250;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (int hidden : new int[] {3, 16, 32, 64}) {
                for (int inputs : new int[] {1, 5}) {
                    for (int layers : new int[] {1, 2}) {
                        ModelShape shape = new ModelShape(cell, inputs, hidden, layers, inputs == 1 ? 1 : 2);
                        cases.add(Arguments.of("vector", shape));
                        cases.add(Arguments.of("scalar", shape));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void kernelMatchesDl4jOverALongSequence(String variant, ModelShape shape, TestReporter reporter) {
        // describe(), not the record's hashCode: an enum's hash differs between JVM runs.
        long seed = 42L + shape.describe().hashCode();
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(shape, seed, 1e-3, 50));
        net.init();
        randomiseParameters(net, shape, new SplittableRandom(seed));
        ModelWeights weights = Dl4jNetworks.extract(net, shape);
        RecurrentKernel kernel =
                variant.equals("vector") ? RecurrentKernel.vector(weights) : RecurrentKernel.scalar(weights);

        float[] x = new float[shape.inputs()];
        float[] h = new float[shape.stateSize()];
        float[] c = new float[shape.cellStateSize()];
        float[] y = new float[shape.outputs()];
        SplittableRandom inputs = new SplittableRandom(seed + 1);
        double maxOutputDiff = 0;
        double maxAbsOutput = 0;
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) inputs.nextDouble(-1, 1);
            }
            INDArray expected = net.rnnTimeStep(Nd4j.create(x, new long[] {1, shape.inputs(), 1}, 'c'));
            kernel.step(x, h, c, y);
            for (int o = 0; o < y.length; o++) {
                maxOutputDiff = Math.max(maxOutputDiff, Math.abs(expected.getFloat(0, o, 0) - y[o]));
                maxAbsOutput = Math.max(maxAbsOutput, Math.abs(y[o]));
            }
        }

        double maxStateDiff = 0;
        for (int l = 0; l < shape.layers(); l++) {
            Map<String, INDArray> state = net.rnnGetPreviousState(l);
            maxStateDiff = Math.max(maxStateDiff, maxDiff(state.get("prevAct"), h, l * shape.hidden(), shape.hidden()));
            if (shape.cell() == Cell.LSTM) {
                maxStateDiff =
                        Math.max(maxStateDiff, maxDiff(state.get("prevMem"), c, l * shape.hidden(), shape.hidden()));
            }
        }
        reporter.publishEntry(
                "maxDiff",
                kernel.variant() + " " + shape.describe() + " output " + maxOutputDiff + " state " + maxStateDiff);
        assertThat(maxAbsOutput)
                .as("outputs must not be trivially small, or parity proves nothing")
                .isGreaterThan(0.02);
        assertThat(maxOutputDiff)
                .as("max output difference for %s", shape.describe())
                .isLessThanOrEqualTo(TOLERANCE);
        assertThat(maxStateDiff)
                .as("max state difference for %s", shape.describe())
                .isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * DL4J's own gate order, checked without our kernel: with W = RW = 0 and zero initial state, a
     * 1-unit LSTM outputs h = sigmoid(b_o) * tanh(sigmoid(b_i) * tanh(b_a)), which tells the blocks apart.
     */
    @Test
    void dl4jLstmGateBlocksAreInputForgetOutputInputGate() {
        ModelShape shape = new ModelShape(Cell.LSTM, 1, 1, 1, 1);
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(shape, 7, 1e-3, 10));
        net.init();
        Layer lstm = net.getLayer(0);
        lstm.getParam("W").assign(0);
        lstm.getParam("RW").assign(0);
        float blockInput = 0.9f, forget = -3f, output = 0.4f, inputGate = -0.7f;
        INDArray bias = lstm.getParam("b");
        bias.assign(Nd4j.create(new float[] {blockInput, forget, output, inputGate}, bias.shape(), 'c'));
        net.getLayer(1).getParam("W").assign(1);
        net.getLayer(1).getParam("b").assign(0);

        float out = net.rnnTimeStep(Nd4j.create(new float[] {0.5f}, new long[] {1, 1, 1}, 'c'))
                .getFloat(0, 0, 0);

        double c = sigmoid(inputGate) * Math.tanh(blockInput);
        assertThat((double) out).isCloseTo(sigmoid(output) * Math.tanh(c), within(1e-6));
        assertThat(net.rnnGetPreviousState(0)).containsOnlyKeys("prevAct", "prevMem");
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * DL4J initialises biases to 0 (and the LSTM forget bias to 1), which would hide a gate-order
     * mistake; weights are redrawn at a scale that keeps pre-activations around +-1, away from saturation.
     */
    static void randomiseParameters(MultiLayerNetwork net, ModelShape shape, SplittableRandom random) {
        for (int l = 0; l <= shape.layers(); l++) {
            Layer layer = net.getLayer(l);
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                INDArray values = param.getValue();
                double scale;
                if (param.getKey().equals("b")) {
                    scale = 0.5;
                } else if (l == shape.layers()) {
                    // Unit-variance outputs, so the parity bound is small relative to the signal.
                    scale = Math.sqrt(3.0 / shape.hidden());
                } else {
                    scale = 1 / Math.sqrt(l == 0 ? shape.inputs() + shape.hidden() : 2.0 * shape.hidden());
                }
                float[] drawn = new float[(int) values.length()];
                for (int i = 0; i < drawn.length; i++) {
                    drawn[i] = (float) random.nextDouble(-scale, scale);
                }
                values.assign(Nd4j.create(drawn, values.shape(), 'c'));
            }
        }
    }

    private static double maxDiff(INDArray expected, float[] actual, int offset, int length) {
        assertThat(expected.length()).isEqualTo(length);
        double max = 0;
        for (int k = 0; k < length; k++) {
            max = Math.max(max, Math.abs(expected.getFloat(0, k) - actual[offset + k]));
        }
        return max;
    }
}
