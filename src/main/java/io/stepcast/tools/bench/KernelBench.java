package io.stepcast.tools.bench;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenScores;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.TokenPredictor;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.training.Dl4jNetworks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One inference step of an LSTM with 32 hidden units and 1 input over 10,000 keys: the kernel users
 * get, the scalar fallback, and DL4J per event and batched, measured in this JVM one after another.
 * Then the serving step of a next-token model (issue 14) at H = 64 for vocabularies of 32, 256 and
 * 1,024 tokens: the one-hot input, the kernel step, {@link TokenScores#softmax}, the top 5 and the
 * rank of the token that arrives next; and the same model served as the job serves it, through
 * {@link TokenPredictor}.
 */
public final class KernelBench {
    static final ModelShape SHAPE = new ModelShape(Cell.LSTM, 1, 32, 1, 1);
    static final int KEYS = 10_000;
    static final int BATCH = 256;
    static final int CATEGORICAL_HIDDEN = 64;
    static final int[] VOCABULARIES = {32, 256, 1024};
    static final int TOP_K = 5;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(3);

    private KernelBench() {}

    public static Map<String, Object> run() {
        return run(WARM_UP, MEASURE);
    }

    /** All figures, each measured for {@code measure} after {@code warmUp}; shorter settings are for tests. */
    static Map<String, Object> run(Duration warmUp, Duration measure) {
        ModelWeights weights = RandomWeights.of(SHAPE, 2);
        Map<String, Object> result = new LinkedHashMap<>();
        RecurrentKernel fast = RecurrentKernel.of(weights);
        Rate kernel = kernel(fast, new KeyStates(SHAPE, KEYS, 1), Output.IGNORED, warmUp, measure);
        result.put("kernel_variant", fast.variant());
        result.put("kernel_steps_per_s", Math.round(kernel.stepsPerSecond()));
        result.put("kernel_bytes_per_step", roundBytes(kernel));
        Rate scalar =
                kernel(RecurrentKernel.scalar(weights), new KeyStates(SHAPE, KEYS, 1), Output.IGNORED, warmUp, measure);
        result.put("scalar_kernel_steps_per_s", Math.round(scalar.stepsPerSecond()));
        result.putAll(categorical(warmUp, measure));
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(SHAPE, 2, 1e-3, 50));
        net.init();
        Dl4jSteps dl4j = new Dl4jSteps(net, new KeyStates(SHAPE, KEYS, 1), BATCH);
        result.put(
                "dl4j_per_event_steps_per_s",
                Math.round(Rate.of(dl4j::perEvent, 1, warmUp, measure).stepsPerSecond()));
        result.put(
                "dl4j_batched_steps_per_s",
                Math.round(Rate.of(dl4j::batched, BATCH, warmUp, measure).stepsPerSecond()));
        return result;
    }

    /**
     * The next-token serving step at each vocabulary V: an LSTM with V inputs (the one-hot token), 64
     * hidden units and V outputs (the logits), as a categorical job serves it.
     */
    static Map<String, Object> categorical(Duration warmUp, Duration measure) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (int vocabulary : VOCABULARIES) {
            ModelShape shape = new ModelShape(Cell.LSTM, vocabulary, CATEGORICAL_HIDDEN, 1, vocabulary);
            KeyStates keys = new KeyStates(shape, KEYS, 1);
            Rate rate = kernel(
                    RecurrentKernel.of(RandomWeights.of(shape, 2)),
                    keys,
                    new NextToken(keys, vocabulary, 3),
                    warmUp,
                    measure);
            result.put("categorical_kernel_steps_per_s_v" + vocabulary, Math.round(rate.stepsPerSecond()));
            result.put("categorical_kernel_bytes_per_step_v" + vocabulary, roundBytes(rate));
            Rate served = predictor(vocabulary, warmUp, measure);
            result.put("token_predictor_steps_per_s_v" + vocabulary, Math.round(served.stepsPerSecond()));
            result.put("token_predictor_bytes_per_step_v" + vocabulary, roundBytes(served));
        }
        return result;
    }

    /**
     * The job's whole per-event work for a next-token model at vocabulary size V, {@link TokenPredictor#step}:
     * the read-out of the arrived token's distribution from the key's state, softmax, rank, the anomaly
     * score, the kernel step, softmax and top 5 again, and the prediction record (its arrays are the
     * bytes allocated per step).
     */
    static Rate predictor(int vocabulary, Duration warmUp, Duration measure) {
        JobSpec spec = JobSpecLoader.parse(
                "bench",
                ("name: bench\nfields: {features: []}\ntokens: {field: event, maxVocabulary: " + vocabulary + ", topK: "
                                + TOP_K + "}\nmodel: {hidden: " + CATEGORICAL_HIDDEN + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
        TokenVocabulary tokens = TokenVocabulary.of(
                IntStream.range(1, vocabulary).mapToObj(id -> "t" + id).toList());
        TokenPredictor predictor = new TokenPredictor(
                spec, RecurrentKernel.of(RandomWeights.of(ModelShape.ofTokens(spec, vocabulary), 2)), tokens, 1);
        KeyState[] states = new KeyState[KEYS];
        Arrays.setAll(states, k -> predictor.newState());
        SplittableRandom random = new SplittableRandom(3);
        Event[] stream = new Event[1 << 16];
        Arrays.setAll(stream, i -> Event.ofToken("key", i, tokens.token(1 + random.nextInt(vocabulary - 1))));
        int[] next = {0, 0};
        return Rate.of(
                () -> {
                    int key = next[0];
                    next[0] = key + 1 == KEYS ? 0 : key + 1;
                    predictor.step(states[key], stream[next[1]]);
                    next[1] = (next[1] + 1) & (stream.length - 1);
                },
                1,
                warmUp,
                measure);
    }

    /**
     * Steps the keys in turn through {@code kernel}, handing each step's output to {@code output}:
     * the one measurement loop behind every kernel figure.
     */
    private static Rate kernel(
            RecurrentKernel kernel, KeyStates keys, Output output, Duration warmUp, Duration measure) {
        float[] y = new float[keys.shape.outputs()];
        return Rate.of(
                () -> {
                    int k = keys.nextKey();
                    kernel.step(keys.x[k], keys.h[k], keys.c[k], y);
                    output.serve(k, y);
                },
                1,
                warmUp,
                measure);
    }

    private static double roundBytes(Rate rate) {
        return Math.round(rate.bytesPerStep() * 1000) / 1000.0;
    }

    /** What is done with a key's output after its kernel step, inside the measured loop. */
    @FunctionalInterface
    private interface Output {
        Output IGNORED = (key, y) -> {};

        void serve(int key, float[] y);
    }

    /**
     * The rest of a next-token model's serving step, allocation-free: the softmax over the logits,
     * the top k, the rank of the token that arrives next, and that token written into the key's
     * one-hot input (its previous token cleared) for the key's next step. Tokens come from a
     * precomputed random stream so that drawing them costs next to nothing.
     */
    private static final class NextToken implements Output {
        private final KeyStates keys;
        private final int[] current;
        private final int[] stream;
        private final float[] probabilities;
        private final int[] ids = new int[TOP_K];
        private final float[] top = new float[TOP_K];
        private int next;
        /** Sums the ranks and top ids so the JIT cannot drop the work. */
        long sink;

        NextToken(KeyStates keys, int vocabulary, long seed) {
            this.keys = keys;
            SplittableRandom random = new SplittableRandom(seed);
            current = new int[keys.x.length];
            for (int k = 0; k < current.length; k++) {
                current[k] = random.nextInt(vocabulary);
                Arrays.fill(keys.x[k], 0);
                keys.x[k][current[k]] = 1;
            }
            stream = random.ints(1 << 16, 0, vocabulary).toArray();
            probabilities = new float[vocabulary];
        }

        @Override
        public void serve(int key, float[] y) {
            int token = stream[next];
            next = (next + 1) & (stream.length - 1);
            TokenScores.softmax(y, probabilities);
            TokenScores.topK(probabilities, ids, top);
            sink += TokenScores.rank(probabilities, token) + ids[0];
            float[] x = keys.x[key];
            x[current[key]] = 0;
            x[token] = 1;
            current[key] = token;
        }
    }
}
