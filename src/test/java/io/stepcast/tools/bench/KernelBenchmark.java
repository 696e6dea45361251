package io.stepcast.tools.bench;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.training.Dl4jNetworks;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
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
// VectorKernelJvmOptions, which an annotation cannot read; VectorModuleLauncherTest keeps them equal
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-modules=jdk.incubator.vector",
            "-Xmx2g",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,io.stepcast.runtime.model.VectorKernel::activate"
        })
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

        KeyStates states;

        @Setup(Level.Trial)
        public void setUpKeys() {
            states = new KeyStates(new ModelShape(Cell.parse(cell), inputs, hidden, 1, inputs), KEYS, 1);
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
            var weights = RandomWeights.of(keys.states.shape, 2);
            kernel = variant.equals("vector") ? RecurrentKernel.vector(weights) : RecurrentKernel.scalar(weights);
            y = new float[keys.states.shape.outputs()];
            System.out.println("# kernel variant: " + kernel.variant());
        }
    }

    @State(Scope.Thread)
    public static class Dl4jState {
        Dl4jSteps steps;

        @Setup(Level.Trial)
        public void setUpNetwork(Keys keys) {
            MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(keys.states.shape, 2, 1e-3, 50));
            net.init();
            steps = new Dl4jSteps(net, keys.states, BATCH);
        }
    }

    @Benchmark
    public float[] kernel(Keys keys, KernelState s) {
        int k = keys.states.nextKey();
        s.kernel.step(keys.states.x[k], keys.states.h[k], keys.states.c[k], s.y);
        return s.y;
    }

    @Benchmark
    public INDArray dl4jPerEvent(Dl4jState s) {
        return s.steps.perEvent();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public INDArray dl4jBatched(Dl4jState s) {
        return s.steps.batched();
    }
}
