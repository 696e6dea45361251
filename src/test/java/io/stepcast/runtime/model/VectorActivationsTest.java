package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The deterministic activations against the JDK's double-precision functions, over their whole useful range. */
class VectorActivationsTest {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @FunctionalInterface
    private interface Op {
        FloatVector apply(FloatVector v);
    }

    /** Largest error over a dense grid: relative for exp, absolute otherwise. */
    private static double maxError(
            Op op, java.util.function.DoubleUnaryOperator exact, float from, float to, boolean relative) {
        int n = 200_000 / SPECIES.length() * SPECIES.length();
        float[] in = new float[n];
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = from + (to - from) * i / (n - 1);
        }
        for (int i = 0; i < n; i += SPECIES.length()) {
            op.apply(FloatVector.fromArray(SPECIES, in, i)).intoArray(out, i);
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double want = exact.applyAsDouble(in[i]);
            double err = Math.abs(out[i] - want) / (relative ? want : 1);
            worst = Math.max(worst, err);
        }
        return worst;
    }

    @Test
    void expIsWithinAFewUlpOfFloat() {
        assertThat(maxError(VectorActivations::exp, Math::exp, -87f, 88f, true)).isLessThan(3e-7);
    }

    @Test
    void sigmoidAndTanhAreAccurateAndSaturate() {
        assertThat(maxError(VectorActivations::sigmoid, x -> 1 / (1 + Math.exp(-x)), -100f, 100f, false))
                .isLessThan(1e-7);
        assertThat(maxError(VectorActivations::tanh, Math::tanh, -100f, 100f, false))
                .isLessThan(2e-7);
        float[] extremes = new float[SPECIES.length()];
        extremes[0] = -1e30f;
        extremes[1] = 1e30f;
        float[] out = new float[extremes.length];
        VectorActivations.tanh(FloatVector.fromArray(SPECIES, extremes, 0)).intoArray(out, 0);
        assertThat(out[0]).isEqualTo(-1f);
        assertThat(out[1]).isEqualTo(1f);
        assertThat(out[2]).isZero();
    }
}
