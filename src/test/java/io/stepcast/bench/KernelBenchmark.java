package io.stepcast.bench;

import io.stepcast.model.Cell;
import io.stepcast.model.ModelShape;
import io.stepcast.model.ModelWeights;
import io.stepcast.model.RecurrentKernel;
import io.stepcast.train.Dl4jNetworks;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One inference step per operation (ops/s = steps/s), as the Flink operator does it: each operation
 * takes the next of {@value #KEYS} keys, whose h/c arrays are separate objects, so state comes from
 * cache or memory as in production, not from registers. How to run it: docs/benchmarks.md.
 *
 * <ul>
 *   <li>{@code kernel}: {@link RecurrentKernel}, {@code variant} vector or scalar;</li>
 *   <li>{@code dl4jPerEvent}: DL4J the way a per-event operator would have to use it: set the key's
 *       state, {@code rnnTimeStep} one event, read the state back;</li>
 *   <li>{@code dl4jBatched}: the same for {@value #BATCH} keys per call (a micro-batching operator),
 *       counted as {@value #BATCH} steps per call.</li>
 * </ul>
 * One recurrent layer, outputs = inputs (a model predicting its own features).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the JIT options are RecurrentKernel.JIT_OPTIONS, which the launcher passes to every stepcast JVM
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,io.stepcast.model.VectorKernel::activate"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KernelBenchmark {

    static final int KEYS = 10_000;
    static final int BATCH = 256;

    /** Model shape and per-key state shared by all three benchmarks. */
    @State(Scope.Thread)
    public static class Keys {
        @Param({"lstm", "rnn"})
        public String cell;
        @Param({"16", "32", "64", "128"})
        public int hidden;
        @Param({"1", "8"})
        public int inputs;

        ModelShape shape;
        float[][] x;
        float[][] h;
        float[][] c;
        private int next;

        @Setup(Level.Trial)
        public void setUpKeys() {
            shape = new ModelShape(Cell.parse(cell), inputs, hidden, 1, inputs);
            SplittableRandom random = new SplittableRandom(1);
            x = new float[KEYS][];
            h = new float[KEYS][];
            c = new float[KEYS][];
            for (int k = 0; k < KEYS; k++) {
                x[k] = values(random, inputs, 1);
                h[k] = values(random, shape.stateSize(), 0.5);
                c[k] = values(random, shape.cellStateSize(), 0.5);
            }
        }

        int nextKey() {
            int key = next;
            next = key + 1 == KEYS ? 0 : key + 1;
            return key;
        }
    }

    @State(Scope.Thread)
    public static class KernelState {
        @Param({"vector", "scalar"})
        public String variant;

        RecurrentKernel kernel;
        float[] y;

        @Setup(Level.Trial)
        public void setUpKernel(Keys keys) {
            ModelWeights weights = randomWeights(keys.shape, new SplittableRandom(2));
            kernel = variant.equals("vector") ? RecurrentKernel.vector(weights) : RecurrentKernel.scalar(weights);
            y = new float[keys.shape.outputs()];
            System.out.println("# kernel variant: " + kernel.variant());
        }
    }

    @State(Scope.Thread)
    public static class Dl4jState {
        MultiLayerNetwork net;
        float[] batchX;
        float[] batchH;
        float[] batchC;

        @Setup(Level.Trial)
        public void setUpNetwork(Keys keys) {
            net = new MultiLayerNetwork(Dl4jNetworks.configure(keys.shape, 2, 1e-3, 50));
            net.init();
            batchX = new float[BATCH * keys.inputs];
            batchH = new float[BATCH * keys.hidden];
            batchC = new float[BATCH * keys.hidden];
        }
    }

    @Benchmark
    public float[] kernel(Keys keys, KernelState s) {
        int k = keys.nextKey();
        s.kernel.step(keys.x[k], keys.h[k], keys.c[k], s.y);
        return s.y;
    }

    @Benchmark
    public INDArray dl4jPerEvent(Keys keys, Dl4jState s) {
        int k = keys.nextKey();
        boolean lstm = keys.shape.cell() == Cell.LSTM;
        Map<String, INDArray> state = new HashMap<>();
        state.put("prevAct", Nd4j.create(keys.h[k], new long[] {1, keys.hidden}, 'c'));
        if (lstm) {
            state.put("prevMem", Nd4j.create(keys.c[k], new long[] {1, keys.hidden}, 'c'));
        }
        s.net.rnnSetPreviousState(0, state);
        INDArray y = s.net.rnnTimeStep(Nd4j.create(keys.x[k], new long[] {1, keys.inputs, 1}, 'c'));
        Map<String, INDArray> after = s.net.rnnGetPreviousState(0);
        System.arraycopy(after.get("prevAct").toFloatVector(), 0, keys.h[k], 0, keys.hidden);
        if (lstm) {
            System.arraycopy(after.get("prevMem").toFloatVector(), 0, keys.c[k], 0, keys.hidden);
        }
        return y;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public INDArray dl4jBatched(Keys keys, Dl4jState s) {
        int hidden = keys.hidden;
        int inputs = keys.inputs;
        boolean lstm = keys.shape.cell() == Cell.LSTM;
        int first = keys.nextKey();
        for (int b = 0; b < BATCH; b++) {
            int k = (first + b) % KEYS;
            System.arraycopy(keys.x[k], 0, s.batchX, b * inputs, inputs);
            System.arraycopy(keys.h[k], 0, s.batchH, b * hidden, hidden);
            if (lstm) {
                System.arraycopy(keys.c[k], 0, s.batchC, b * hidden, hidden);
            }
        }
        Map<String, INDArray> state = new HashMap<>();
        state.put("prevAct", Nd4j.create(s.batchH, new long[] {BATCH, hidden}, 'c'));
        if (lstm) {
            state.put("prevMem", Nd4j.create(s.batchC, new long[] {BATCH, hidden}, 'c'));
        }
        s.net.rnnSetPreviousState(0, state);
        INDArray y = s.net.rnnTimeStep(Nd4j.create(s.batchX, new long[] {BATCH, inputs, 1}, 'c'));
        Map<String, INDArray> after = s.net.rnnGetPreviousState(0);
        // [BATCH, hidden], possibly 'f'-ordered: copy to row-major first
        float[] newH = after.get("prevAct").dup('c').data().asFloat();
        float[] newC = lstm ? after.get("prevMem").dup('c').data().asFloat() : null;
        for (int b = 0; b < BATCH; b++) {
            int k = (first + b) % KEYS;
            System.arraycopy(newH, b * hidden, keys.h[k], 0, hidden);
            if (lstm) {
                System.arraycopy(newC, b * hidden, keys.c[k], 0, hidden);
            }
        }
        // the next call takes the next BATCH keys
        for (int b = 1; b < BATCH; b++) {
            keys.nextKey();
        }
        return y;
    }

    /** Weights at the scale of a trained network, so activations are not all saturated. */
    static ModelWeights randomWeights(ModelShape shape, SplittableRandom random) {
        int width = shape.gates() * shape.hidden();
        double scale = 1 / Math.sqrt(shape.inputs() + shape.hidden());
        return new ModelWeights(shape,
                new float[][] {values(random, shape.inputs() * width, scale)},
                new float[][] {values(random, shape.hidden() * width, scale)},
                new float[][] {values(random, width, 0.5)},
                values(random, shape.hidden() * shape.outputs(), Math.sqrt(3.0 / shape.hidden())),
                values(random, shape.outputs(), 0.5));
    }

    static float[] values(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-scale, scale);
        }
        return values;
    }
}
