package io.stepcast.runtime.model;

import io.stepcast.runtime.spec.Cell;

/**
 * One inference step of a stacked LSTM or simple RNN plus dense output, in plain Java.
 *
 * <p>Inference runs inside Flink operators, one event at a time per key, where calling into ND4J
 * would cost more in JNI and allocation than the arithmetic itself. Implementations reproduce DL4J's
 * maths (see {@link ModelWeights} for the layout) and are proven equal to DL4J's {@code rnnTimeStep}
 * by {@code RecurrentKernelParityTest}:
 * <ul>
 *   <li>{@code vector-<bits>}: the JDK Vector API (module {@code jdk.incubator.vector}), float arithmetic;
 *       about 10x faster than scalar (docs/benchmarks.md);</li>
 *   <li>{@code scalar}: plain loops with double accumulation, for JVMs started without the module.</li>
 * </ul>
 * {@link #of} picks the fastest available; system property {@code stepcast.kernel=scalar} forces the
 * scalar one (for comparison), {@code stepcast.kernel=vector} demands the vector one.
 *
 * <p>After construction {@link #step} allocates nothing. Instances hold scratch buffers and are
 * therefore <b>not thread-safe</b>: use one per operator instance.
 */
public abstract class RecurrentKernel {
    /** System property choosing the implementation: {@code scalar}, {@code vector}, or unset for the fastest. */
    public static final String PROPERTY = "stepcast.kernel";

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    final ModelWeights weights;
    final ModelShape shape;
    /** Inputs are held within ±this, so no first-layer sum can overflow ({@link SumBounds#inputLimit}). */
    private final float inputLimit;
    /** The step's inputs, held within {@link #inputLimit}. */
    private final float[] boundedInput;

    RecurrentKernel(ModelWeights weights) {
        this.weights = weights;
        this.shape = weights.shape();
        this.inputLimit = SumBounds.inputLimit(weights);
        this.boundedInput = new float[shape.inputs()];
    }

    /** The fastest kernel this JVM can run, unless {@value #PROPERTY} says otherwise. */
    public static RecurrentKernel of(ModelWeights weights) {
        String chosen = System.getProperty(PROPERTY, "");
        if (chosen.equals("scalar")) {
            return scalar(weights);
        }
        if (chosen.equals("vector") || vectorAvailable()) {
            return vector(weights);
        }
        return scalar(weights);
    }

    /** The scalar kernel, whatever the JVM. */
    public static RecurrentKernel scalar(ModelWeights weights) {
        return new ScalarKernel(requireWeights(weights));
    }

    /** The vector kernel; throws {@link IllegalStateException} if the JVM lacks the Vector API module. */
    public static RecurrentKernel vector(ModelWeights weights) {
        requireWeights(weights);
        if (!vectorAvailable()) {
            throw new IllegalStateException("the vector kernel needs the JVM option --add-modules " + VECTOR_MODULE);
        }
        // Only reached with the module present: VectorKernel is the one class referring to
        // jdk.incubator.vector, and the JVM loads it on this first call, not when this class loads.
        return VectorKernel.create(weights);
    }

    /** Whether the Vector API module is in the boot layer (it is only with {@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static ModelWeights requireWeights(ModelWeights weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return weights;
    }

    public ModelShape shape() {
        return shape;
    }

    /** Which implementation this is: {@code "scalar"} or {@code "vector-<bits>"}, e.g. {@code "vector-512"}. */
    public abstract String variant();

    /**
     * Advances the state by one event and writes the prediction.
     *
     * @param x input features, length {@code shape.inputs()}; each is held within a bound that keeps the
     *          kernel's sums inside the float range ({@link SumBounds}), far beyond any useful input
     * @param h hidden state, length {@code shape.stateSize()}, layer l at [l*hidden, (l+1)*hidden); updated in place
     * @param c LSTM cell state, length {@code shape.cellStateSize()}, same layout; updated in place.
     *          Ignored for a simple RNN (may be empty or null there)
     * @param y receives the prediction, length {@code shape.outputs()}
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public final void step(float[] x, float[] h, float[] c, float[] y) {
        checkArguments(x, h, c, y);
        // a copy of x for any input a network can use: the limit is at least 1.7e8 for any weights, about
        // 1e37 for trained ones, where tanh and sigmoid saturate beyond a few tens
        for (int i = 0; i < x.length; i++) {
            boundedInput[i] = Math.max(-inputLimit, Math.min(inputLimit, x[i]));
        }
        int hidden = shape.hidden();
        for (int layer = 0; layer < shape.layers(); layer++) {
            int stateOffset = layer * hidden;
            // Layer l > 0 reads layer l-1's state, which this step has already updated: that is its new output.
            if (layer == 0) {
                preActivate(layer, boundedInput, 0, shape.inputs(), h, stateOffset);
            } else {
                preActivate(layer, h, stateOffset - hidden, hidden, h, stateOffset);
            }
            updateState(h, c, stateOffset);
        }
        output(h, y);
    }

    /**
     * Writes the prediction that hidden state {@code h} stands for, without stepping: bit for bit what
     * {@link #step} wrote into {@code y} when it left {@code h}. A next-token job scores an arrived token
     * against it, so a key need not keep the previous step's V outputs in its state.
     *
     * @param h hidden state, length {@code shape.stateSize()}; only its top layer is read
     * @param y receives the prediction, length {@code shape.outputs()}
     */
    public final void readOut(float[] h, float[] y) {
        checkLength("h", h, shape.stateSize());
        checkLength("y", y, shape.outputs());
        outputOf(h, y);
    }

    /**
     * Computes one layer's gate pre-activations: b + in·W + state·RW. An input that is exactly 0 adds
     * nothing and is skipped, so a one-hot token input costs one row of W, an embedding lookup, rather
     * than V rows: at V = 1,024 and H = 64 that is most of a step's arithmetic.
     */
    abstract void preActivate(int layer, float[] in, int inOffset, int nIn, float[] state, int stateOffset);

    /** Applies the cell to the pre-activations, writing the layer's new h (and c) at {@code stateOffset}. */
    abstract void updateState(float[] h, float[] c, int stateOffset);

    /** y = b + h_top·Wout, right after {@link #updateState} of the top layer (which may leave it at hand). */
    abstract void output(float[] h, float[] y);

    /** y = b + h_top·Wout for any {@code h}, as {@link #output} computes it. */
    abstract void outputOf(float[] h, float[] y);

    /** The argument checks of {@link #step}, shared so both kernels reject the same arrays the same way. */
    final void checkArguments(float[] x, float[] h, float[] c, float[] y) {
        checkLength("x", x, shape.inputs());
        checkLength("h", h, shape.stateSize());
        if (shape.cell() == Cell.LSTM) {
            checkLength("c", c, shape.cellStateSize());
        }
        checkLength("y", y, shape.outputs());
    }

    private static void checkLength(String name, float[] array, int expected) {
        if (array == null || array.length != expected) {
            throw new IllegalArgumentException(
                    name + " must have length " + expected + ", has " + (array == null ? "null" : array.length));
        }
    }

    @Override
    public String toString() {
        return "RecurrentKernel[" + variant() + ", " + shape.describe() + "]";
    }
}
