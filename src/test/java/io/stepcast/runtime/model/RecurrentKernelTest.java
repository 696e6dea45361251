package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.runtime.spec.Cell;
import org.junit.jupiter.api.Test;

class RecurrentKernelTest {

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * A 1-unit LSTM whose four gate blocks all get different pre-activations: any permutation of the
     * documented order [block input, forget, output, input gate] changes both c and h.
     */
    @Test
    void lstmGateBlocksAreBlockInputForgetOutputInputGate() {
        ModelShape shape = new ModelShape(Cell.LSTM, 1, 1, 1, 1);
        float x = 0.5f;
        float hPrev = -0.3f;
        float cPrev = 0.8f;
        float[] w = {1.2f, -0.4f, 0.7f, 2.0f};
        float[] rw = {0.3f, 0.9f, -1.1f, 0.5f};
        float[] b = {0.1f, 0.6f, -0.2f, -0.8f};
        ModelWeights weights = new ModelWeights(
                shape, new float[][] {w}, new float[][] {rw}, new float[][] {b}, new float[] {2f}, new float[] {0.25f});

        float[] h = {hPrev};
        float[] c = {cPrev};
        float[] y = new float[1];
        RecurrentKernel.of(weights).step(new float[] {x}, h, c, y);

        double a = Math.tanh(x * 1.2 + hPrev * 0.3 + 0.1);
        double f = sigmoid(x * -0.4 + hPrev * 0.9 + 0.6);
        double o = sigmoid(x * 0.7 + hPrev * -1.1 - 0.2);
        double i = sigmoid(x * 2.0 + hPrev * 0.5 - 0.8);
        double cNew = f * cPrev + i * a;
        double hNew = o * Math.tanh(cNew);
        assertThat((double) c[0]).isCloseTo(cNew, within(1e-6));
        assertThat((double) h[0]).isCloseTo(hNew, within(1e-6));
        assertThat((double) y[0]).isCloseTo(2 * hNew + 0.25, within(1e-6));
    }

    @Test
    void simpleRnnIsTanhOfInputPlusRecurrentPlusBias() {
        ModelShape shape = new ModelShape(Cell.RNN, 2, 2, 1, 1);
        // W [2 inputs, 2 units] and RW [2, 2], row-major
        ModelWeights weights = new ModelWeights(
                shape,
                new float[][] {{0.1f, 0.2f, 0.3f, 0.4f}},
                new float[][] {{0.5f, -0.6f, 0.7f, 0.8f}},
                new float[][] {{0.05f, -0.05f}},
                new float[] {1f, -1f},
                new float[] {0f});
        float[] h = {0.2f, -0.1f};
        float[] y = new float[1];

        RecurrentKernel.of(weights).step(new float[] {1f, -2f}, h, new float[0], y);

        double h0 = Math.tanh(1 * 0.1 - 2 * 0.3 + 0.2 * 0.5 - 0.1 * 0.7 + 0.05);
        double h1 = Math.tanh(1 * 0.2 - 2 * 0.4 + 0.2 * -0.6 - 0.1 * 0.8 - 0.05);
        assertThat((double) h[0]).isCloseTo(h0, within(1e-6));
        assertThat((double) h[1]).isCloseTo(h1, within(1e-6));
        assertThat((double) y[0]).isCloseTo(h0 - h1, within(1e-6));
    }

    @Test
    void upperLayerReadsTheLowerLayersNewStateAndTheOutputReadsTheTopLayer() {
        ModelShape shape = new ModelShape(Cell.RNN, 1, 1, 2, 1);
        ModelWeights weights = new ModelWeights(
                shape,
                new float[][] {{0.5f}, {2f}},
                new float[][] {{0f}, {0f}},
                new float[][] {{0f}, {0f}},
                new float[] {3f},
                new float[] {0f});
        float[] h = {0.9f, 0.9f};
        float[] y = new float[1];

        RecurrentKernel.of(weights).step(new float[] {1f}, h, null, y);

        double lower = Math.tanh(0.5);
        double upper = Math.tanh(2 * lower);
        assertThat((double) h[0]).isCloseTo(lower, within(1e-6));
        assertThat((double) h[1]).isCloseTo(upper, within(1e-6));
        assertThat((double) y[0]).isCloseTo(3 * upper, within(1e-6));
    }

    @Test
    void rejectsArraysOfTheWrongLength() {
        ModelShape shape = new ModelShape(Cell.LSTM, 2, 3, 2, 1);
        RecurrentKernel kernel = RecurrentKernel.of(TestWeights.outputBiasOnly(shape, new float[shape.outputs()]));
        float[] x = new float[2];
        float[] h = new float[6];
        float[] c = new float[6];
        float[] y = new float[1];

        assertThatThrownBy(() -> kernel.step(new float[3], h, c, y)).hasMessage("x must have length 2, has 3");
        assertThatThrownBy(() -> kernel.step(x, new float[3], c, y)).hasMessage("h must have length 6, has 3");
        assertThatThrownBy(() -> kernel.step(x, h, new float[0], y)).hasMessage("c must have length 6, has 0");
        assertThatThrownBy(() -> kernel.step(x, h, c, null)).hasMessage("y must have length 1, has null");
        assertThat(kernel.shape()).isEqualTo(shape);
    }
}
