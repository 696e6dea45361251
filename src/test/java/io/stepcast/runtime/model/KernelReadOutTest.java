package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.runtime.spec.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RecurrentKernel#readOut} gives bit for bit the output {@code step} wrote when it left a state,
 * and the input projection's skipping of exactly-zero inputs (a one-hot token is a row lookup) computes
 * what the dense sum computes. Both kernels; the vector one runs because surefire adds its module.
 */
class KernelReadOutTest {
    /** Numeric inputs before the one-hot block, and the vocabulary size (bucket included). */
    private static final int NUMERIC = 2;

    private static final int VOCABULARY = 7;

    static Stream<Arguments> kernels() {
        List<Arguments> cases = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (int hidden : new int[] {1, 3, 16, 17}) {
                for (int layers : new int[] {1, 2}) {
                    ModelShape shape = new ModelShape(cell, NUMERIC + VOCABULARY, hidden, layers, VOCABULARY);
                    cases.add(Arguments.of("scalar", shape));
                    cases.add(Arguments.of("vector", shape));
                }
            }
        }
        return cases.stream();
    }

    private static RecurrentKernel kernel(String variant, ModelWeights weights) {
        Function<ModelWeights, RecurrentKernel> make =
                variant.equals("scalar") ? RecurrentKernel::scalar : RecurrentKernel::vector;
        return make.apply(weights);
    }

    /** Numeric inputs (now and then exactly 0), then a one-hot token. */
    private static float[] tokenInput(SplittableRandom random, ModelShape shape) {
        float[] x = new float[shape.inputs()];
        for (int i = 0; i < NUMERIC; i++) {
            x[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextDouble(-2, 2);
        }
        x[NUMERIC + random.nextInt(VOCABULARY)] = 1f;
        return x;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernels")
    void readOutIsBitForBitTheOutputTheStepWrote(String variant, ModelShape shape) {
        long seed = 41L + shape.describe().hashCode();
        RecurrentKernel kernel = kernel(variant, RandomWeights.of(shape, seed));
        SplittableRandom random = new SplittableRandom(seed);
        // two keys served by one kernel, stepped in turn: a read-out must not depend on the kernel's
        // scratch, which the other key's step has overwritten by then
        float[][] h = {new float[shape.stateSize()], new float[shape.stateSize()]};
        float[][] c = {new float[shape.cellStateSize()], new float[shape.cellStateSize()]};
        float[][] stepped = {new float[shape.outputs()], new float[shape.outputs()]};
        float[] readOut = new float[shape.outputs()];
        for (int t = 0; t < 60; t++) {
            int key = t % 2;
            float[] x = t < 2 ? new float[shape.inputs()] : tokenInput(random, shape); // starts on zero input
            kernel.step(x, h[key], c[key], stepped[key]);
            int other = 1 - key;
            if (t > 0) {
                kernel.readOut(h[other], readOut);
                assertThat(readOut)
                        .as("key %d after the other key's step %d", other, t)
                        .containsExactly(stepped[other]);
            }
            kernel.readOut(h[key], readOut);
            assertThat(readOut).as("step %d", t).containsExactly(stepped[key]);
        }
        // a read-out leaves the state alone
        float[] before = h[0].clone();
        kernel.readOut(h[0], readOut);
        kernel.readOut(h[0], readOut);
        assertThat(h[0]).containsExactly(before);
        assertThat(readOut).containsExactly(stepped[0]);
    }

    @Test
    void readOutReadsOnlyTheTopLayer() {
        ModelShape shape = new ModelShape(Cell.LSTM, 3, 5, 2, 4);
        ModelWeights weights = RandomWeights.of(shape, 3);
        float[] h = new float[shape.stateSize()];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextDouble(-1, 1);
        }
        float[] other = h.clone();
        for (int i = 0; i < 5; i++) {
            other[i] = -other[i] * 0.5f; // the lower layer only
        }
        for (String variant : List.of("scalar", "vector")) {
            RecurrentKernel kernel = kernel(variant, weights);
            float[] y = new float[4];
            float[] z = new float[4];
            kernel.readOut(h, y);
            kernel.readOut(other, z);
            assertThat(z).as(variant).containsExactly(y);
            double[] expected = Reference.output(weights, h);
            for (int o = 0; o < 4; o++) {
                assertThat((double) y[o]).as(variant).isCloseTo(expected[o], within(1e-6));
            }
        }
    }

    @Test
    void readOutRejectsArraysOfTheWrongLength() {
        ModelShape shape = new ModelShape(Cell.RNN, 2, 3, 2, 4);
        RecurrentKernel kernel = RecurrentKernel.scalar(RandomWeights.of(shape, 1));
        assertThatThrownBy(() -> kernel.readOut(new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("h must have length 6, has 3");
        assertThatThrownBy(() -> kernel.readOut(new float[6], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y must have length 4, has 3");
        assertThatThrownBy(() -> kernel.readOut(null, new float[4])).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Each step's h, c and y against a dense double-precision reference fed the kernel's previous state:
     * the skipped zero inputs (every token but one, some numeric ones) change nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernels")
    void skippingZeroInputsComputesTheDenseStep(String variant, ModelShape shape) {
        long seed = 97L + shape.describe().hashCode();
        ModelWeights weights = RandomWeights.of(shape, seed);
        RecurrentKernel kernel = kernel(variant, weights);
        SplittableRandom random = new SplittableRandom(seed);
        float[] h = new float[shape.stateSize()];
        float[] c = new float[shape.cellStateSize()];
        float[] y = new float[shape.outputs()];
        double maxAbsOutput = 0;
        for (int t = 0; t < 30; t++) {
            float[] x = t == 0 ? new float[shape.inputs()] : tokenInput(random, shape);
            Reference.Step expected = Reference.step(weights, x, h, c);
            kernel.step(x, h, c, y);
            for (int i = 0; i < h.length; i++) {
                assertThat((double) h[i]).as("h[%d] at step %d", i, t).isCloseTo(expected.h()[i], within(1e-6));
            }
            if (shape.cell() == Cell.LSTM) {
                for (int i = 0; i < c.length; i++) {
                    assertThat((double) c[i]).as("c[%d] at step %d", i, t).isCloseTo(expected.c()[i], within(1e-6));
                }
            }
            for (int o = 0; o < y.length; o++) {
                assertThat((double) y[o]).as("y[%d] at step %d", o, t).isCloseTo(expected.y()[o], within(1e-6));
                maxAbsOutput = Math.max(maxAbsOutput, Math.abs(y[o]));
            }
        }
        assertThat(maxAbsOutput).as("outputs must not be trivially small").isGreaterThan(0.02);
    }

    /** A one-hot input selects one row of the first layer's input weights: its pre-activation is bias + that row + state·RW. */
    @Test
    void aOneHotInputStepsLikeItsWeightRowAsBias() {
        ModelShape shape = new ModelShape(Cell.RNN, 5, 4, 1, 5);
        ModelWeights weights = RandomWeights.of(shape, 8);
        int token = 3;
        float[] bias = weights.bias(0).clone();
        for (int j = 0; j < bias.length; j++) {
            bias[j] += weights.inputWeights(0)[token * bias.length + j];
        }
        ModelWeights folded = new ModelWeights(
                shape,
                new float[][] {new float[weights.inputWeights(0).length]},
                new float[][] {weights.recurrentWeights(0)},
                new float[][] {bias},
                weights.outputWeights(),
                weights.outputBias());
        for (String variant : List.of("scalar", "vector")) {
            float[] x = new float[5];
            x[token] = 1f;
            float[] h = {0.1f, -0.2f, 0.3f, -0.4f};
            float[] hFolded = h.clone();
            float[] y = new float[5];
            float[] yFolded = new float[5];
            kernel(variant, weights).step(x, h, null, y);
            kernel(variant, folded).step(new float[5], hFolded, null, yFolded);
            for (int i = 0; i < 4; i++) {
                assertThat(h[i]).as(variant).isCloseTo(hFolded[i], within(1e-6f));
            }
            for (int o = 0; o < 5; o++) {
                assertThat(y[o]).as(variant).isCloseTo(yFolded[o], within(1e-6f));
            }
        }
    }

    /** The maths of {@link ModelWeights}' documentation, densely, in double. */
    static final class Reference {
        record Step(double[] h, double[] c, double[] y) {}

        static Step step(ModelWeights weights, float[] x, float[] hPrev, float[] cPrev) {
            ModelShape shape = weights.shape();
            int hidden = shape.hidden();
            boolean lstm = shape.cell() == Cell.LSTM;
            int width = shape.gates() * hidden;
            double[] h = new double[shape.stateSize()];
            double[] c = new double[shape.cellStateSize()];
            double[] in = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                in[i] = x[i];
            }
            for (int l = 0; l < shape.layers(); l++) {
                float[] w = weights.inputWeights(l);
                float[] rw = weights.recurrentWeights(l);
                float[] b = weights.bias(l);
                double[] z = new double[width];
                for (int j = 0; j < width; j++) {
                    double sum = b[j];
                    for (int i = 0; i < in.length; i++) {
                        sum += in[i] * w[i * width + j];
                    }
                    for (int k = 0; k < hidden; k++) {
                        sum += hPrev[l * hidden + k] * (double) rw[k * width + j];
                    }
                    z[j] = sum;
                }
                double[] layerH = new double[hidden];
                for (int k = 0; k < hidden; k++) {
                    if (lstm) {
                        double a = Math.tanh(z[k]);
                        double f = sigmoid(z[hidden + k]);
                        double o = sigmoid(z[2 * hidden + k]);
                        double i = sigmoid(z[3 * hidden + k]);
                        double cell = f * cPrev[l * hidden + k] + i * a;
                        c[l * hidden + k] = cell;
                        layerH[k] = o * Math.tanh(cell);
                    } else {
                        layerH[k] = Math.tanh(z[k]);
                    }
                    h[l * hidden + k] = layerH[k];
                }
                in = layerH;
            }
            return new Step(h, c, output(weights, h));
        }

        static double[] output(ModelWeights weights, float[] h) {
            double[] d = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                d[i] = h[i];
            }
            return output(weights, d);
        }

        private static double[] output(ModelWeights weights, double[] h) {
            ModelShape shape = weights.shape();
            int top = (shape.layers() - 1) * shape.hidden();
            double[] y = new double[shape.outputs()];
            for (int o = 0; o < y.length; o++) {
                double sum = weights.outputBias()[o];
                for (int k = 0; k < shape.hidden(); k++) {
                    sum += h[top + k] * (double) weights.outputWeights()[k * shape.outputs() + o];
                }
                y[o] = sum;
            }
            return y;
        }

        private static double sigmoid(double v) {
            return 1 / (1 + Math.exp(-v));
        }
    }
}
