package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.runtime.spec.Cell;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

    private static final ModelShape SHAPE = new ModelShape(Cell.LSTM, 2, 3, 2, 1);

    private static float[][] perLayer(int... lengths) {
        float[][] arrays = new float[lengths.length][];
        for (int l = 0; l < lengths.length; l++) {
            arrays[l] = new float[lengths[l]];
        }
        return arrays;
    }

    /** Valid LSTM 2x3x2->1 arrays: W is [2,12] then [3,12], RW [3,12], b [12], output [3,1] and [1]. */
    private static ModelWeights build(float[][] w, float[][] rw, float[][] b, float[] outW, float[] outB) {
        return new ModelWeights(SHAPE, w, rw, b, outW, outB);
    }

    @Test
    void acceptsArraysOfTheDocumentedLengths() {
        ModelWeights weights = build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), new float[3], new float[1]);
        assertThat(weights.shape()).isEqualTo(SHAPE);
        assertThat(weights.inputWeights(1)).hasSize(36);
        assertThat(weights).hasToString("ModelWeights[lstm 2x3x2->1]");
    }

    /** Beyond that a hidden layer's or the output's float sums could overflow whatever the inputs (SumBounds). */
    @Test
    void rejectsWeightsWhoseSumsCouldLeaveTheFloatRange() {
        float[] outW = {6e29f, -6e29f, 1f};
        assertThatThrownBy(() -> build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), outW, new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("weights too large: output 0 can reach 1.2");
        float[][] rw = perLayer(36, 36);
        rw[1][12 + 5] = 2e30f;
        assertThatThrownBy(() -> build(perLayer(24, 36), rw, perLayer(12, 12), new float[3], new float[1]))
                .hasMessageStartingWith("weights too large: layer 1 pre-activation 5 can reach 2.0");
        outW[0] = 4e29f;
        outW[1] = -4e29f;
        assertThat(build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), outW, new float[1]))
                .isNotNull();
    }

    @Test
    void rejectsWrongLengthsNamingArrayAndLayer() {
        assertThatThrownBy(
                        () -> build(perLayer(24, 24), perLayer(36, 36), perLayer(12, 12), new float[3], new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputWeights[layer 1] must have length 36, has 24");
        assertThatThrownBy(
                        () -> build(perLayer(24, 36), perLayer(36, 35), perLayer(12, 12), new float[3], new float[1]))
                .hasMessage("recurrentWeights[layer 1] must have length 36, has 35");
        assertThatThrownBy(() -> build(perLayer(24, 36), perLayer(36, 36), perLayer(3, 12), new float[3], new float[1]))
                .hasMessage("biases[layer 0] must have length 12, has 3");
        assertThatThrownBy(
                        () -> build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), new float[4], new float[1]))
                .hasMessage("outputWeights must have length 3, has 4");
        assertThatThrownBy(
                        () -> build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), new float[3], new float[2]))
                .hasMessage("outputBias must have length 1, has 2");
        assertThatThrownBy(() -> build(perLayer(24), perLayer(36, 36), perLayer(12, 12), new float[3], new float[1]))
                .hasMessage("inputWeights must have one array per layer (2 for lstm 2x3x2->1), has 1");
        assertThatThrownBy(() -> build(perLayer(24, 36), null, perLayer(12, 12), new float[3], new float[1]))
                .hasMessage("recurrentWeights must not be null");
        assertThatThrownBy(() -> build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), new float[3], null))
                .hasMessage("outputBias must not be null");
    }

    @Test
    void rejectsNonFiniteValuesNamingArrayLayerAndIndex() {
        float[][] rw = perLayer(36, 36);
        rw[1][7] = Float.NaN;
        assertThatThrownBy(() -> build(perLayer(24, 36), rw, perLayer(12, 12), new float[3], new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recurrentWeights[layer 1] has non-finite value NaN at index 7");
        float[] outW = {0, Float.POSITIVE_INFINITY, 0};
        assertThatThrownBy(() -> build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), outW, new float[1]))
                .hasMessage("outputWeights has non-finite value Infinity at index 1");
    }

    @Test
    void copiesItsInputsSoCallersCannotChangeIt() {
        float[][] w = perLayer(24, 36);
        float[] outB = new float[1];
        ModelWeights weights = build(w, perLayer(36, 36), perLayer(12, 12), new float[3], outB);
        ModelWeights same = build(perLayer(24, 36), perLayer(36, 36), perLayer(12, 12), new float[3], new float[1]);

        w[0][0] = 5f;
        w[1] = new float[36];
        outB[0] = 1f;

        assertThat(weights.inputWeights(0)[0]).isZero();
        assertThat(weights.outputBias()[0]).isZero();
        assertThat(weights).isEqualTo(same).hasSameHashCodeAs(same);
    }

    @Test
    void equalityIsByContent() {
        ModelWeights a = RandomWeights.of(SHAPE, 1);
        assertThat(a).isEqualTo(RandomWeights.of(SHAPE, 1)).hasSameHashCodeAs(RandomWeights.of(SHAPE, 1));
        assertThat(a).isNotEqualTo(RandomWeights.of(SHAPE, 2));
        assertThat(a).isNotEqualTo(RandomWeights.of(new ModelShape(Cell.LSTM, 2, 3, 2, 2), 1));
    }
}
