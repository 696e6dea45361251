package io.stepcast.tools.bench;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.training.Dl4jNetworks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One inference step of an LSTM with 32 hidden units and 1 input over 10,000 keys: the kernel users
 * get, the scalar fallback, and DL4J per event and batched, measured in this JVM one after another.
 */
public final class KernelBench {
    static final ModelShape SHAPE = new ModelShape(Cell.LSTM, 1, 32, 1, 1);
    static final int KEYS = 10_000;
    static final int BATCH = 256;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(3);

    private KernelBench() {}

    public static Map<String, Object> run() {
        ModelWeights weights = RandomWeights.of(SHAPE, 2);
        Map<String, Object> result = new LinkedHashMap<>();
        RecurrentKernel fast = RecurrentKernel.of(weights);
        Rate kernel = kernel(fast);
        result.put("kernel_variant", fast.variant());
        result.put("kernel_steps_per_s", Math.round(kernel.stepsPerSecond()));
        result.put("kernel_bytes_per_step", Math.round(kernel.bytesPerStep() * 1000) / 1000.0);
        result.put(
                "scalar_kernel_steps_per_s",
                Math.round(kernel(RecurrentKernel.scalar(weights)).stepsPerSecond()));
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(SHAPE, 2, 1e-3, 50));
        net.init();
        Dl4jSteps dl4j = new Dl4jSteps(net, new KeyStates(SHAPE, KEYS, 1), BATCH);
        result.put(
                "dl4j_per_event_steps_per_s",
                Math.round(Rate.of(dl4j::perEvent, 1, WARM_UP, MEASURE).stepsPerSecond()));
        result.put(
                "dl4j_batched_steps_per_s",
                Math.round(Rate.of(dl4j::batched, BATCH, WARM_UP, MEASURE).stepsPerSecond()));
        return result;
    }

    private static Rate kernel(RecurrentKernel kernel) {
        KeyStates keys = new KeyStates(SHAPE, KEYS, 1);
        float[] y = new float[SHAPE.outputs()];
        return Rate.of(
                () -> {
                    int k = keys.nextKey();
                    kernel.step(keys.x[k], keys.h[k], keys.c[k], y);
                },
                1,
                WARM_UP,
                MEASURE);
    }
}
