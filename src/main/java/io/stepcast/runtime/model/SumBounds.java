package io.stepcast.runtime.model;

/**
 * Keeps every sum the kernels form inside the float range, whatever a key's values: the vector
 * kernel adds its pre-activations and outputs up in float, where a sum past 3.4e38 becomes ±∞ and
 * two of opposite sign make NaN, which the hidden state would then keep for good (and, through the
 * vector kernel's zero-weight pad lanes, hand to every key the kernel serves next).
 *
 * <p>A sum's magnitude is at most the sum of its terms' magnitudes. Hidden states lie in [−1, 1]
 * (outputs of tanh, or of a sigmoid times tanh), so for every layer above the first and for the
 * dense output the worst case is a property of the weights alone: {@link #check} refuses weights for
 * which it exceeds {@link #LIMIT}, far beyond any trained network (whose pre-activations saturate
 * tanh and sigmoid beyond a few tens). The first layer also sees the model inputs, unbounded without
 * normalisation: {@link #inputLimit} is how large they may be for its worst case to stay within half
 * the float range, leaving ample room for rounding in the partial sums.
 */
final class SumBounds {
    /** Largest worst-case sum weights may have with every input and hidden state in [−1, 1]. */
    private static final double LIMIT = 1e30;

    private static final double FIRST_LAYER_LIMIT = Float.MAX_VALUE / 2.0;

    private SumBounds() {}

    /**
     * @throws IllegalArgumentException if a pre-activation or output can sum beyond {@link #LIMIT}
     *                                   with every input and hidden state in [−1, 1]
     */
    static void check(ModelWeights weights) {
        ModelShape shape = weights.shape();
        for (int l = 0; l < shape.layers(); l++) {
            double[] sums = recurrentAndBias(weights, l);
            addColumnSums(weights.inputWeights(l), sums);
            checkWithinLimit("layer " + l + " pre-activation", sums);
        }
        double[] outputs = absolute(weights.outputBias());
        addColumnSums(weights.outputWeights(), outputs);
        checkWithinLimit("output", outputs);
    }

    /**
     * The largest input magnitude for which no first-layer pre-activation can leave
     * ±{@link #FIRST_LAYER_LIMIT}; at least 1.7e8 for weights that pass {@link #check}, and never beyond
     * the largest float.
     */
    static float inputLimit(ModelWeights weights) {
        double[] rest = recurrentAndBias(weights, 0);
        double[] perUnitInput = new double[rest.length];
        addColumnSums(weights.inputWeights(0), perUnitInput);
        double limit = Float.MAX_VALUE;
        for (int j = 0; j < rest.length; j++) {
            if (perUnitInput[j] > 0) {
                limit = Math.min(limit, (FIRST_LAYER_LIMIT - rest[j]) / perUnitInput[j]);
            }
        }
        return (float) limit;
    }

    /** Per gate unit of layer {@code l}: |bias| plus the magnitudes of its recurrent weights. */
    private static double[] recurrentAndBias(ModelWeights weights, int l) {
        double[] sums = absolute(weights.bias(l));
        addColumnSums(weights.recurrentWeights(l), sums);
        return sums;
    }

    private static double[] absolute(float[] values) {
        double[] out = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            out[j] = Math.abs(values[j]);
        }
        return out;
    }

    /** Adds the magnitudes of each column of a row-major matrix with {@code sums.length} columns. */
    private static void addColumnSums(float[] matrix, double[] sums) {
        for (int i = 0; i < matrix.length; i++) {
            sums[i % sums.length] += Math.abs(matrix[i]);
        }
    }

    private static void checkWithinLimit(String what, double[] sums) {
        for (int j = 0; j < sums.length; j++) {
            if (sums[j] > LIMIT) {
                throw new IllegalArgumentException("weights too large: " + what + " " + j + " can reach " + sums[j]
                        + " with inputs in [-1, 1], at most " + LIMIT + " is allowed");
            }
        }
    }
}
