package io.stepcast.runtime.model;

import java.util.SplittableRandom;

/** Seeded random weights of a given shape, for tests that need non-trivial values. */
public final class TestWeights {

    private TestWeights() {
    }

    public static ModelWeights random(ModelShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = shape.gates() * shape.hidden();
        float[][] w = new float[shape.layers()][];
        float[][] rw = new float[shape.layers()][];
        float[][] b = new float[shape.layers()][];
        for (int l = 0; l < shape.layers(); l++) {
            w[l] = values(random, (l == 0 ? shape.inputs() : shape.hidden()) * width);
            rw[l] = values(random, shape.hidden() * width);
            b[l] = values(random, width);
        }
        return new ModelWeights(shape, w, rw, b, values(random, shape.hidden() * shape.outputs()),
                values(random, shape.outputs()));
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

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
}
