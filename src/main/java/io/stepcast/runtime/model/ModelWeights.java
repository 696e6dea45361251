package io.stepcast.runtime.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Immutable weights of a stack of recurrent layers followed by a dense identity output layer.
 *
 * <p>The layout is DL4J's own, so that extraction from a trained network is a plain copy and the
 * kernel's parity with DL4J can be checked array by array. Every matrix is flattened row-major:
 * <ul>
 *   <li>{@code inputWeights(l)}: W, shape [nIn_l, gates*hidden], where nIn_0 = inputs and nIn_l = hidden for l &gt; 0;</li>
 *   <li>{@code recurrentWeights(l)}: RW, shape [hidden, gates*hidden];</li>
 *   <li>{@code bias(l)}: b, shape [gates*hidden];</li>
 *   <li>{@code outputWeights()}: shape [hidden, outputs]; {@code outputBias()}: shape [outputs].</li>
 * </ul>
 * For LSTM the gate blocks along the gates*hidden axis are, in DL4J's order: [0,H) block input a (tanh),
 * [H,2H) forget gate f, [2H,3H) output gate o, [3H,4H) input gate i (all sigmoid);
 * then c = f*c + i*a and h = o*tanh(c). For a simple RNN, h = tanh(x·W + h·RW + b).
 *
 * <p>The constructor copies its arguments; getters return the internal arrays without copying so the
 * kernel can read them without allocation. <b>Callers must not modify returned arrays.</b>
 */
public final class ModelWeights implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelShape shape;
    private final float[][] inputWeights;
    private final float[][] recurrentWeights;
    private final float[][] biases;
    private final float[] outputWeights;
    private final float[] outputBias;

    /**
     * @throws IllegalArgumentException if any array is missing, has the wrong length for {@code shape},
     *                                  or holds a NaN or infinite value, or if the weights are so large that
     *                                  the kernels' sums could overflow a float ({@link SumBounds#check}); the
     *                                  message names the array and layer
     */
    public ModelWeights(
            ModelShape shape,
            float[][] inputWeights,
            float[][] recurrentWeights,
            float[][] biases,
            float[] outputWeights,
            float[] outputBias) {
        this.shape = Objects.requireNonNull(shape, "shape must not be null");
        int width = shape.gates() * shape.hidden();
        this.inputWeights = perLayer("inputWeights", inputWeights, shape, l -> inputsOf(shape, l) * width);
        this.recurrentWeights = perLayer("recurrentWeights", recurrentWeights, shape, l -> shape.hidden() * width);
        this.biases = perLayer("biases", biases, shape, l -> width);
        this.outputWeights = checked("outputWeights", outputWeights, shape.hidden() * shape.outputs());
        this.outputBias = checked("outputBias", outputBias, shape.outputs());
        SumBounds.check(this);
    }

    /** Number of inputs feeding recurrent layer {@code layer}: the features for layer 0, the layer below otherwise. */
    static int inputsOf(ModelShape shape, int layer) {
        return layer == 0 ? shape.inputs() : shape.hidden();
    }

    private static float[][] perLayer(String name, float[][] arrays, ModelShape shape, IntUnaryOperator length) {
        if (arrays == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (arrays.length != shape.layers()) {
            throw new IllegalArgumentException(name + " must have one array per layer (" + shape.layers() + " for "
                    + shape.describe() + "), has " + arrays.length);
        }
        float[][] copy = new float[arrays.length][];
        for (int l = 0; l < arrays.length; l++) {
            copy[l] = checked(name + "[layer " + l + "]", arrays[l], length.applyAsInt(l));
        }
        return copy;
    }

    private static float[] checked(String name, float[] array, int expectedLength) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (array.length != expectedLength) {
            throw new IllegalArgumentException(name + " must have length " + expectedLength + ", has " + array.length);
        }
        for (int i = 0; i < array.length; i++) {
            if (!Float.isFinite(array[i])) {
                throw new IllegalArgumentException(name + " has non-finite value " + array[i] + " at index " + i);
            }
        }
        return array.clone();
    }

    public ModelShape shape() {
        return shape;
    }

    /** W of recurrent layer {@code layer}, row-major [nIn, gates*hidden]. Do not modify. */
    public float[] inputWeights(int layer) {
        return inputWeights[layer];
    }

    /** RW of recurrent layer {@code layer}, row-major [hidden, gates*hidden]. Do not modify. */
    public float[] recurrentWeights(int layer) {
        return recurrentWeights[layer];
    }

    /** b of recurrent layer {@code layer}, length gates*hidden. Do not modify. */
    public float[] bias(int layer) {
        return biases[layer];
    }

    /** Dense output weights, row-major [hidden, outputs]. Do not modify. */
    public float[] outputWeights() {
        return outputWeights;
    }

    /** Dense output bias, length outputs. Do not modify. */
    public float[] outputBias() {
        return outputBias;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelWeights other
                && shape.equals(other.shape)
                && Arrays.deepEquals(inputWeights, other.inputWeights)
                && Arrays.deepEquals(recurrentWeights, other.recurrentWeights)
                && Arrays.deepEquals(biases, other.biases)
                && Arrays.equals(outputWeights, other.outputWeights)
                && Arrays.equals(outputBias, other.outputBias);
    }

    @Override
    public int hashCode() {
        int h = shape.hashCode();
        h = 31 * h + Arrays.deepHashCode(inputWeights);
        h = 31 * h + Arrays.deepHashCode(recurrentWeights);
        h = 31 * h + Arrays.deepHashCode(biases);
        h = 31 * h + Arrays.hashCode(outputWeights);
        return 31 * h + Arrays.hashCode(outputBias);
    }

    @Override
    public String toString() {
        return "ModelWeights[" + shape.describe() + "]";
    }
}
