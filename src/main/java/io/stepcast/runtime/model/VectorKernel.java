package io.stepcast.runtime.model;

import io.stepcast.runtime.spec.Cell;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast kernel: the JDK Vector API at the CPU's widest float species, float arithmetic with fused
 * multiply-adds, and {@link VectorActivations} for exp, sigmoid and tanh. Every operation is exactly
 * specified, so results are the same bits whether the JIT has compiled this code yet or not.
 *
 * <p>The only class referring to {@code jdk.incubator.vector}: {@link RecurrentKernel#vector} touches
 * it only once it has seen that module in the boot layer, so JVMs without it never load it.
 *
 * <p>Weights are re-laid out once, at construction: every gate block of H units is padded with zero
 * weights to P = H rounded up to the lane count. Then every vector holds units of one gate only and
 * there are no tails: no masked loads (which JDK 17 compiles to slow code on CPUs without AVX-512)
 * and no scalar remainder loops. Pad lanes see zero pre-activations, so their cell state stays 0 and
 * their output 0; they are never copied into the caller's arrays.
 */
final class VectorKernel extends RecurrentKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private final boolean lstm;
    private final int hidden;
    /** hidden rounded up to a multiple of LANES: the padded size of one gate block. */
    private final int padded;
    /** gates*padded: length of one padded row of W and RW, and of the pre-activations. */
    private final int width;

    private final float[][] inputWeights;
    private final float[][] recurrentWeights;
    private final float[][] biases;
    /** Dense weights transposed to [outputs][padded], so each output is one dot product over contiguous h. */
    private final float[] outputWeights;

    private final float[] preActivation;
    /** Indices of the current layer's non-zero inputs. */
    private final int[] activeInputs;
    /** The current layer's new h and c, padded; copied into the caller's arrays after each layer. */
    private final float[] newH;

    private final float[] newC;
    private final float[] laneSums = new float[LANES];
    /** LSTM gates: tanh for the block input, sigmoid for the three gates. */
    private final Activation gates;

    private final Activation tanh;

    private VectorKernel(ModelWeights weights) {
        super(weights);
        this.lstm = shape.cell() == Cell.LSTM;
        this.hidden = shape.hidden();
        this.padded = (hidden + LANES - 1) / LANES * LANES;
        this.width = shape.gates() * padded;
        int layers = shape.layers();
        this.inputWeights = new float[layers][];
        this.recurrentWeights = new float[layers][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            inputWeights[l] = padGates(weights.inputWeights(l), ModelWeights.inputsOf(shape, l));
            recurrentWeights[l] = padGates(weights.recurrentWeights(l), hidden);
            biases[l] = padGates(weights.bias(l), 1);
        }
        int outputs = shape.outputs();
        this.outputWeights = new float[outputs * padded];
        float[] dense = weights.outputWeights();
        for (int k = 0; k < hidden; k++) {
            for (int o = 0; o < outputs; o++) {
                outputWeights[o * padded + k] = dense[k * outputs + o];
            }
        }
        this.preActivation = new float[width];
        this.activeInputs = new int[Math.max(shape.inputs(), hidden)];
        this.gates = new Activation(padded, width);
        this.tanh = new Activation(padded, padded);
        this.newH = new float[padded];
        this.newC = new float[padded];
    }

    static RecurrentKernel create(ModelWeights weights) {
        return new VectorKernel(weights);
    }

    /** Copies a row-major [rows, gates*hidden] matrix into [rows, gates*padded], gate blocks zero-padded. */
    private float[] padGates(float[] matrix, int rows) {
        int gates = shape.gates();
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < gates; g++) {
                System.arraycopy(matrix, (r * gates + g) * hidden, out, r * width + g * padded, hidden);
            }
        }
        return out;
    }

    @Override
    public String variant() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    void updateState(float[] h, float[] c, int stateOffset) {
        if (lstm) {
            lstmCell(c, stateOffset);
            System.arraycopy(newC, 0, c, stateOffset, hidden);
        } else {
            System.arraycopy(preActivation, 0, newH, 0, padded);
            activate(newH, tanh, padded);
        }
        System.arraycopy(newH, 0, h, stateOffset, hidden);
    }

    /** The top layer's padded h is still in {@code newH}. */
    @Override
    void output(float[] h, float[] y) {
        dense(y);
    }

    @Override
    void outputOf(float[] h, float[] y) {
        System.arraycopy(h, (shape.layers() - 1) * hidden, newH, 0, hidden);
        Arrays.fill(newH, hidden, padded, 0f);
        dense(y);
    }

    /**
     * preActivation = b + in·W + hPrev·RW, a few vectors of units at a time: their sums stay in
     * registers across all inputs and all recurrent rows, and each term is one FMA of a weight row
     * slice and a broadcast input. Four independent sums, because one sum alone is a chain of
     * dependent FMAs that waits out each FMA's latency (measured, LSTM 1 input: +15% steps/s at H=32, +40% at H=64).
     */
    @Override
    void preActivate(int layer, float[] in, int inOffset, int nIn, float[] state, int stateOffset) {
        float[] w = inputWeights[layer];
        float[] rw = recurrentWeights[layer];
        float[] b = biases[layer];
        // the non-zero inputs, found once: a one-hot token then costs one row, and the loops below keep
        // the single-loop shape C2 compiles without boxing vectors (a skip inside them made it box)
        int active = 0;
        for (int i = 0; i < nIn; i++) {
            if (in[inOffset + i] != 0f) {
                activeInputs[active++] = i;
            }
        }
        int rows = active + hidden;
        int j = 0;
        for (; j + 4 * LANES <= width; j += 4 * LANES) {
            FloatVector s0 = load(b, j);
            FloatVector s1 = load(b, j + LANES);
            FloatVector s2 = load(b, j + 2 * LANES);
            FloatVector s3 = load(b, j + 3 * LANES);
            for (int r = 0; r < rows; r++) {
                boolean input = r < active;
                float[] m = input ? w : rw;
                int i = input ? activeInputs[r] : r - active;
                int row = i * width + j;
                FloatVector v = FloatVector.broadcast(SPECIES, input ? in[inOffset + i] : state[stateOffset + i]);
                s0 = load(m, row).fma(v, s0);
                s1 = load(m, row + LANES).fma(v, s1);
                s2 = load(m, row + 2 * LANES).fma(v, s2);
                s3 = load(m, row + 3 * LANES).fma(v, s3);
            }
            s0.intoArray(preActivation, j);
            s1.intoArray(preActivation, j + LANES);
            s2.intoArray(preActivation, j + 2 * LANES);
            s3.intoArray(preActivation, j + 3 * LANES);
        }
        for (; j < width; j += LANES) {
            FloatVector sum = load(b, j);
            for (int a = 0; a < active; a++) {
                int i = activeInputs[a];
                sum = load(w, i * width + j).fma(FloatVector.broadcast(SPECIES, in[inOffset + i]), sum);
            }
            for (int k = 0; k < hidden; k++) {
                sum = load(rw, k * width + j).fma(FloatVector.broadcast(SPECIES, state[stateOffset + k]), sum);
            }
            sum.intoArray(preActivation, j);
        }
    }

    /**
     * DL4J gate blocks: block input, forget, output, input gate; each padded to {@code padded} units.
     * All four gates' activations come from one pass of exp (see {@link #activate}), and the cell's
     * tanh from a second: the JIT keeps the vectors of a loop in registers only while it can inline
     * everything in it, and each exp is large.
     */
    private void lstmCell(float[] c, int stateOffset) {
        activate(preActivation, gates, width);
        System.arraycopy(c, stateOffset, newC, 0, hidden);
        for (int k = 0; k < padded; k += LANES) {
            FloatVector blockInput = load(preActivation, k);
            FloatVector forget = load(preActivation, padded + k);
            FloatVector inputGate = load(preActivation, 3 * padded + k);
            forget.fma(load(newC, k), inputGate.mul(blockInput)).intoArray(newC, k);
        }
        System.arraycopy(newC, 0, newH, 0, padded);
        activate(newH, tanh, padded);
        for (int k = 0; k < padded; k += LANES) {
            load(preActivation, 2 * padded + k).mul(load(newH, k)).intoArray(newH, k);
        }
    }

    /**
     * a[k] = (α[k]·e + β[k]) / (e + 1) with e = exp(s[k]·a[k]): tanh for (s, α, β) = (2, 1, −1),
     * sigmoid for (−1, 0, 1). One exp per lane whatever the activation.
     *
     * <p>Must stay a compilation unit of its own ({@link VectorKernelJvmOptions}): HotSpot's C2 otherwise inlines
     * it twice into the LSTM step, runs out of inlining budget inside the Vector API's code, and boxes
     * vectors: about 36 bytes allocated per hidden unit and step (measured with JMH's gc profiler).
     */
    private static void activate(float[] a, Activation f, int length) {
        for (int k = 0; k < length; k += LANES) {
            FloatVector e = VectorActivations.exp(load(a, k).mul(load(f.scale, k)));
            load(f.alpha, k).fma(e, load(f.beta, k)).div(e.add(1f)).intoArray(a, k);
        }
    }

    /** Per-lane coefficients of {@link #activate}. */
    private static final class Activation {
        final float[] scale;
        final float[] alpha;
        final float[] beta;

        /** tanh on the first {@code tanhLanes} lanes, sigmoid on the rest. */
        Activation(int tanhLanes, int length) {
            scale = new float[length];
            alpha = new float[length];
            beta = new float[length];
            for (int k = 0; k < length; k++) {
                boolean tanh = k < tanhLanes;
                scale[k] = tanh ? 2f : -1f;
                alpha[k] = tanh ? 1f : 0f;
                beta[k] = tanh ? -1f : 1f;
            }
        }
    }

    /** y = b + h_top·Wout, from the top layer's padded h still in {@code newH}. */
    private void dense(float[] y) {
        float[] b = weights.outputBias();
        for (int o = 0; o < y.length; o++) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int k = 0; k < padded; k += LANES) {
                sum = load(outputWeights, o * padded + k).fma(load(newH, k), sum);
            }
            // lanes summed in a fixed order: reduceLanes may add them in another order once compiled
            sum.intoArray(laneSums, 0);
            float total = b[o];
            for (float laneSum : laneSums) {
                total += laneSum;
            }
            y[o] = total;
        }
    }

    private static FloatVector load(float[] array, int offset) {
        return FloatVector.fromArray(SPECIES, array, offset);
    }
}
