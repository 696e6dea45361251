package io.stepcast.runtime.model;

/** Hand-made weights for tests that need outputs they can predict; {@link RandomWeights} for any others. */
public final class TestWeights {

    private TestWeights() {}

    /** Every weight zero except the output bias, so each model output is exactly its bias. */
    public static ModelWeights outputBiasOnly(ModelShape shape, float... outputBias) {
        int width = shape.gates() * shape.hidden();
        float[][] w = new float[shape.layers()][];
        float[][] rw = new float[shape.layers()][];
        float[][] b = new float[shape.layers()][];
        for (int l = 0; l < shape.layers(); l++) {
            w[l] = new float[(l == 0 ? shape.inputs() : shape.hidden()) * width];
            rw[l] = new float[shape.hidden() * width];
            b[l] = new float[width];
        }
        return new ModelWeights(shape, w, rw, b, new float[shape.hidden() * shape.outputs()], outputBias);
    }

    /** {@code weights} with every weight and bias multiplied by {@code factor}: a network far outside trained scales. */
    public static ModelWeights scaled(ModelWeights weights, float factor) {
        ModelShape shape = weights.shape();
        float[][] w = new float[shape.layers()][];
        float[][] rw = new float[shape.layers()][];
        float[][] b = new float[shape.layers()][];
        for (int l = 0; l < shape.layers(); l++) {
            w[l] = times(weights.inputWeights(l), factor);
            rw[l] = times(weights.recurrentWeights(l), factor);
            b[l] = times(weights.bias(l), factor);
        }
        return new ModelWeights(
                shape, w, rw, b, times(weights.outputWeights(), factor), times(weights.outputBias(), factor));
    }

    private static float[] times(float[] values, float factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }
}
