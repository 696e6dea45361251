package io.stepcast.tools.bench;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import java.util.SplittableRandom;

/**
 * Inputs and recurrent state of many keys, each in arrays of its own as in the Flink operator, taken
 * in turn: a benchmark stepping the same key again and again would measure a warm L1 cache, not a
 * stream of many keys.
 */
public final class KeyStates {
    public final ModelShape shape;
    public final float[][] x;
    public final float[][] h;
    public final float[][] c;
    private int next;

    public KeyStates(ModelShape shape, int keys, long seed) {
        this.shape = shape;
        SplittableRandom random = new SplittableRandom(seed);
        x = new float[keys][];
        h = new float[keys][];
        c = new float[keys][];
        for (int k = 0; k < keys; k++) {
            x[k] = values(random, shape.inputs(), 1);
            h[k] = values(random, shape.stateSize(), 0.5);
            c[k] = values(random, shape.cellStateSize(), 0.5);
        }
    }

    /** The next key, round robin. */
    public int nextKey() {
        int key = next;
        next = key + 1 == x.length ? 0 : key + 1;
        return key;
    }

    /** Weights at the scale of a trained one-layer network, so activations are not all saturated. */
    public static ModelWeights randomWeights(ModelShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = shape.gates() * shape.hidden();
        double scale = 1 / Math.sqrt(shape.inputs() + shape.hidden());
        return new ModelWeights(shape,
                new float[][] {values(random, shape.inputs() * width, scale)},
                new float[][] {values(random, shape.hidden() * width, scale)},
                new float[][] {values(random, width, 0.5)},
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
