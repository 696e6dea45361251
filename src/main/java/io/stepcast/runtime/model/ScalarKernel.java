package io.stepcast.runtime.model;

import io.stepcast.runtime.spec.Cell;

/**
 * The fallback kernel: plain loops, float storage and double accumulation, so it tracks DL4J's
 * float32 results to about 1e-6 even over long sequences. Used when the JVM lacks the Vector API
 * module, or when {@code stepcast.kernel=scalar} asks for it.
 */
final class ScalarKernel extends RecurrentKernel {

    private final boolean lstm;
    private final int hidden;
    /** gates*hidden: length of one row of W and RW. */
    private final int width;
    /** Pre-activations of all gates of the current layer. */
    private final double[] preActivation;

    private final double[] output;

    ScalarKernel(ModelWeights weights) {
        super(weights);
        this.lstm = shape.cell() == Cell.LSTM;
        this.hidden = shape.hidden();
        this.width = shape.gates() * hidden;
        this.preActivation = new double[width];
        this.output = new double[shape.outputs()];
    }

    @Override
    public String variant() {
        return "scalar";
    }

    @Override
    void updateState(float[] h, float[] c, int stateOffset) {
        if (lstm) {
            lstmCell(h, c, stateOffset);
        } else {
            for (int k = 0; k < hidden; k++) {
                h[stateOffset + k] = (float) Math.tanh(preActivation[k]);
            }
        }
    }

    @Override
    void output(float[] h, float[] y) {
        outputOf(h, y);
    }

    @Override
    void outputOf(float[] h, float[] y) {
        dense(h, (shape.layers() - 1) * hidden, y);
    }

    /**
     * preActivation = b + in·W + hPrev·RW. Input-major: each input scales one contiguous row of
     * gates*hidden weights, the same access pattern as the vector kernel.
     */
    @Override
    void preActivate(int layer, float[] in, int inOffset, int nIn, float[] state, int stateOffset) {
        double[] acc = preActivation;
        float[] bias = weights.bias(layer);
        for (int j = 0; j < width; j++) {
            acc[j] = bias[j];
        }
        accumulate(weights.inputWeights(layer), in, inOffset, nIn);
        accumulate(weights.recurrentWeights(layer), state, stateOffset, hidden);
    }

    private void accumulate(float[] matrix, float[] in, int inOffset, int rows) {
        double[] acc = preActivation;
        for (int i = 0; i < rows; i++) {
            double xi = in[inOffset + i];
            if (xi == 0) {
                continue;
            }
            int row = i * width;
            for (int j = 0; j < width; j++) {
                acc[j] += xi * matrix[row + j];
            }
        }
    }

    /** DL4J gate blocks: [0,H) block input, [H,2H) forget, [2H,3H) output, [3H,4H) input gate. */
    private void lstmCell(float[] h, float[] c, int stateOffset) {
        double[] acc = preActivation;
        for (int k = 0; k < hidden; k++) {
            double blockInput = Math.tanh(acc[k]);
            double forget = sigmoid(acc[hidden + k]);
            double outputGate = sigmoid(acc[2 * hidden + k]);
            double inputGate = sigmoid(acc[3 * hidden + k]);
            float cell = (float) (forget * c[stateOffset + k] + inputGate * blockInput);
            c[stateOffset + k] = cell;
            // From the stored float cell state, so h is the same whether c was just computed or restored from state.
            h[stateOffset + k] = (float) (outputGate * Math.tanh(cell));
        }
    }

    private void dense(float[] h, int topOffset, float[] y) {
        int outputs = shape.outputs();
        float[] w = weights.outputWeights();
        float[] b = weights.outputBias();
        double[] acc = output;
        for (int o = 0; o < outputs; o++) {
            acc[o] = b[o];
        }
        for (int k = 0; k < hidden; k++) {
            double hk = h[topOffset + k];
            int row = k * outputs;
            for (int o = 0; o < outputs; o++) {
                acc[o] += hk * w[row + o];
            }
        }
        for (int o = 0; o < outputs; o++) {
            y[o] = (float) acc[o];
        }
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }
}
