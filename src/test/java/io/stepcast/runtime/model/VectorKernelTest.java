package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.runtime.spec.Cell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector kernel against the scalar one, and how {@link RecurrentKernel#of} chooses between them. */
class VectorKernelTest {

    private static final int STEPS = 200;
    /** Float against double accumulation, over 200 steps; parity with DL4J is the other test's job. */
    private static final double TOLERANCE = 1e-5;

    /** Hidden sizes around the lane counts 4, 8 and 16 (128-, 256-, 512-bit species), so gate-block padding is exercised. */
    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (int hidden : new int[] {1, 3, 15, 16, 17, 32, 33, 64, 128}) {
                for (int inputs : new int[] {1, 8}) {
                    for (int layers : new int[] {1, 2}) {
                        cases.add(Arguments.of(new ModelShape(cell, inputs, hidden, layers, inputs == 1 ? 1 : 3)));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void vectorAndScalarKernelsAgreeOverALongSequence(ModelShape shape) {
        long seed = 17L + shape.describe().hashCode();
        ModelWeights weights = RandomWeights.of(shape, seed);
        RecurrentKernel vector = RecurrentKernel.vector(weights);
        RecurrentKernel scalar = RecurrentKernel.scalar(weights);
        assertThat(vector.variant()).startsWith("vector-");
        assertThat(scalar.variant()).isEqualTo("scalar");

        float[] x = new float[shape.inputs()];
        float[] hv = new float[shape.stateSize()], hs = new float[shape.stateSize()];
        float[] cv = new float[shape.cellStateSize()], cs = new float[shape.cellStateSize()];
        float[] yv = new float[shape.outputs()], ys = new float[shape.outputs()];
        SplittableRandom inputs = new SplittableRandom(seed + 1);
        double maxDiff = 0;
        double maxAbsOutput = 0;
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) inputs.nextDouble(-1, 1);
            }
            vector.step(x, hv, cv, yv);
            scalar.step(x, hs, cs, ys);
            maxDiff = Math.max(maxDiff, Math.max(maxDiff(yv, ys), Math.max(maxDiff(hv, hs), maxDiff(cv, cs))));
            for (float v : ys) {
                maxAbsOutput = Math.max(maxAbsOutput, Math.abs(v));
            }
        }
        assertThat(maxAbsOutput).as("outputs must not be trivially small").isGreaterThan(0.02);
        assertThat(maxDiff).as("max difference for %s", shape.describe()).isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * Inputs at the edge of the float range with weights far beyond trained ones: the vector kernel's
     * float sums would overflow, ∞ − ∞ would make NaN, and what its exp's min/max clamps make of a NaN
     * differs between the JIT's tiers. Held within the input limit, every sum stays finite, the
     * saturated activations agree with the scalar kernel's double sums, and the next key the kernel
     * serves gets exactly what a fresh kernel gives (a NaN in a zero-weight pad lane would reach it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void extremeInputsStayFiniteAgreeWithScalarAndLeaveOtherKeysUntouched(ModelShape shape) {
        float weightScale = 1e25f;
        ModelWeights weights = TestWeights.scaled(RandomWeights.of(shape, 5), weightScale);
        RecurrentKernel vector = RecurrentKernel.vector(weights);
        RecurrentKernel scalar = RecurrentKernel.scalar(weights);
        float[] x = new float[shape.inputs()];
        float[] hv = new float[shape.stateSize()], hs = new float[shape.stateSize()];
        float[] cv = new float[shape.cellStateSize()], cs = new float[shape.cellStateSize()];
        float[] yv = new float[shape.outputs()], ys = new float[shape.outputs()];
        for (int t = 0; t < 50; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (t + i) % 3 == 0 ? Float.MAX_VALUE : (t + i) % 3 == 1 ? -Float.MAX_VALUE : Float.MIN_VALUE;
            }
            vector.step(x, hv, cv, yv);
            scalar.step(x, hs, cs, ys);
            assertThat(maxDiff(hv, hs)).as("h at step %d", t).isLessThanOrEqualTo(TOLERANCE);
            assertThat(maxDiff(cv, cs)).as("c at step %d", t).isLessThanOrEqualTo(TOLERANCE);
            for (int o = 0; o < ys.length; o++) {
                assertThat(Float.isFinite(yv[o])).isTrue();
                // a sum of hidden states times output weights of about the weight scale, cancelling in part
                assertThat((double) yv[o]).isCloseTo(ys[o], within(TOLERANCE * weightScale));
            }
        }
        float[] normal = new float[shape.inputs()];
        Arrays.fill(normal, 0.5f);
        float[] expected = new float[shape.outputs()];
        RecurrentKernel.vector(weights)
                .step(normal, new float[shape.stateSize()], new float[shape.cellStateSize()], expected);
        vector.step(normal, new float[shape.stateSize()], new float[shape.cellStateSize()], yv);
        assertThat(yv).containsExactly(expected);
    }

    @Test
    void vectorKernelRejectsArraysOfTheWrongLengthLikeTheScalarOne() {
        ModelShape shape = new ModelShape(Cell.LSTM, 2, 3, 2, 1);
        RecurrentKernel kernel = RecurrentKernel.vector(TestWeights.outputBiasOnly(shape, new float[1]));
        float[] h = new float[6];
        float[] c = new float[6];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kernel.step(new float[3], h, c, new float[1]))
                .hasMessage("x must have length 2, has 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> kernel.step(new float[2], h, new float[0], new float[1]))
                .hasMessage("c must have length 6, has 0");
    }

    @Test
    void ofPicksTheVectorKernelWhenTheModuleIsPresentAndScalarWhenThePropertyAsks() {
        ModelWeights weights = RandomWeights.of(new ModelShape(Cell.LSTM, 1, 4, 1, 1), 1);
        assertThat(RecurrentKernel.vectorAvailable())
                .as("surefire runs with --add-modules jdk.incubator.vector")
                .isTrue();
        assertThat(RecurrentKernel.of(weights).variant()).startsWith("vector-");
        String before = System.getProperty(RecurrentKernel.PROPERTY);
        try {
            System.setProperty(RecurrentKernel.PROPERTY, "scalar");
            assertThat(RecurrentKernel.of(weights).variant()).isEqualTo("scalar");
            System.setProperty(RecurrentKernel.PROPERTY, "vector");
            assertThat(RecurrentKernel.of(weights).variant()).startsWith("vector-");
        } finally {
            if (before == null) {
                System.clearProperty(RecurrentKernel.PROPERTY);
            } else {
                System.setProperty(RecurrentKernel.PROPERTY, before);
            }
        }
    }

    /** A JVM without the module must get the scalar kernel, not a NoClassDefFoundError. */
    @Test
    void aJvmWithoutTheVectorModuleFallsBackToScalar() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), VariantMain.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).endsWith("module=false variant=scalar");
    }

    /** Run by the test above in a JVM started without --add-modules. */
    static final class VariantMain {
        public static void main(String[] args) {
            ModelShape shape = new ModelShape(Cell.LSTM, 1, 4, 1, 1);
            RecurrentKernel kernel = RecurrentKernel.of(RandomWeights.of(shape, 1));
            kernel.step(new float[1], new float[4], new float[4], new float[1]);
            System.out.println("module=" + RecurrentKernel.vectorAvailable() + " variant=" + kernel.variant());
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
