package io.stepcast.tools.bench;

import io.stepcast.runtime.model.ModelShape;
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

    private static float[] values(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-scale, scale);
        }
        return values;
    }
}
