package io.stepcast.runtime.model;

import java.util.SplittableRandom;

/**
 * Seeded random weights of any shape, at the scale of a trained network (Glorot-like input and
 * recurrent weights, biases within ±0.5) so that activations are not all saturated: for benchmarks
 * and tests that need a model without training one. The same seed and shape give the same weights.
 */
public final class RandomWeights {
    private RandomWeights() {}

    public static ModelWeights of(ModelShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = shape.gates() * shape.hidden();
        float[][] inputWeights = new float[shape.layers()][];
        float[][] recurrentWeights = new float[shape.layers()][];
        float[][] biases = new float[shape.layers()][];
        for (int l = 0; l < shape.layers(); l++) {
            int inputs = ModelWeights.inputsOf(shape, l);
            double scale = 1 / Math.sqrt(inputs + shape.hidden());
            inputWeights[l] = values(random, inputs * width, scale);
            recurrentWeights[l] = values(random, shape.hidden() * width, scale);
            biases[l] = values(random, width, 0.5);
        }
        return new ModelWeights(
                shape,
                inputWeights,
                recurrentWeights,
                biases,
                values(random, shape.hidden() * shape.outputs(), Math.sqrt(3.0 / shape.hidden())),
                values(random, shape.outputs(), 0.5));
    }

    private static float[] values(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-scale, scale);
        }
        return values;
    }
}
