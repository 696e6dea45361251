package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.JobSpec;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State written by an earlier release must restore. Each kept key state format has a fixture in
 * {@code state/}: {@code predictor-formatN.snapshot} is a predictor operator snapshot taken by the
 * code that wrote format N, and {@code predictor-formatN.expected} is what that same code emitted
 * after restoring it and processing {@link #after()}. Today's code must emit exactly the same, to the
 * last bit.
 *
 * <ul>
 *   <li>{@code format3}: written by the code of commit 7eae32d (key state in format 3);</li>
 *   <li>{@code format4}: written by the code of commit 4ca5853 (key state in format 4: the lag ring
 *       carries its own event count).</li>
 * </ul>
 *
 * <p>Each snapshot was taken after {@link #before()}: a key whose seasonal score is running (lag
 * ring, season ring and statistics, anomaly ranks all filled), a key whose zero spacing turned the
 * seasonal score off, and a key with fewer events than the horizon, all served by version 1 of
 * {@link #weights()} from a model store in a temporary folder. The broadcast pointer names that
 * folder, which is gone; the test announces the same weights as version 2 from a store of its own,
 * so the keys re-warm from their recent inputs (exercising that ring too) before they go on.
 *
 * <p>Never regenerate these files with today's code: they stand for state users already have. When
 * the format changes, add a fixture written by the last release of the previous format and its name
 * to {@link #fixtures()}.
 */
class KeyStateRestoreTest {
    private static final String SPEC = """
            name: format3
            fields: {features: [temp, rpm]}
            time: {features: [hour-of-day]}
            model: {hidden: 4, horizon: 2, lags: [5], rewarmSteps: 6}
            normalisation: {window: 20}
            anomaly: {warmup: 4, shortWindow: 3, suppressHalfLife: 2, rangeCheck: true, rangeMargin: 0.5, season: {period: 8s, minCorrelation: -1, shortWindow: 2, window: 50}}
            input: {duplicates: keep}  # "irregular" repeats one time, which the code that wrote the fixtures took
            """;
    private static final long T0 = 1_767_600_000_000L;

    @TempDir
    Path storeDir;

    /** Events {@code from} until {@code to} of a key with a period of 8 events, {@code spacing} ms apart. */
    private static List<Event> events(String key, long seed, int from, int to, long spacing) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < to; i++) {
            double temp = 60 + 5 * Math.sin(2 * Math.PI * i / 8) + random.nextDouble(-1, 1);
            double rpm = 1500 + 40 * Math.cos(2 * Math.PI * i / 8) + random.nextDouble(-5, 5);
            if (i >= from) {
                events.add(new Event(key, T0 + spacing * i, temp, rpm));
            }
        }
        return events;
    }

    /** What the snapshot had processed (documentation of the fixtures; the test does not replay it). */
    static List<Event> before() {
        List<Event> all = new ArrayList<>();
        all.addAll(events("seasonal", 1, 0, 40, 1000));
        all.addAll(events("irregular", 2, 0, 14, 0));
        all.addAll(events("young", 3, 0, 1, 1000));
        return all;
    }

    /** What follows the restore: the three keys go on, and a key the snapshot does not know starts. */
    private static List<Event> after() {
        List<Event> all = new ArrayList<>();
        all.addAll(events("seasonal", 1, 40, 52, 1000));
        all.addAll(events("irregular", 2, 14, 20, 0));
        all.addAll(events("young", 3, 1, 12, 1000));
        all.addAll(events("newcomer", 4, 0, 4, 1000));
        return all;
    }

    /**
     * The weights the fixtures were written with, frozen here: every parameter drawn uniformly from ±1 by
     * one SplittableRandom(42), layer by layer (input, recurrent, bias), then the output weights and
     * biases. This is what the test weights of 7eae32d drew; the shared {@code RandomWeights} has since
     * moved to a trained network's scale, which must not change what these fixtures expect.
     */
    private static ModelWeights weights(JobSpec spec) {
        ModelShape shape = ModelShape.of(spec);
        SplittableRandom random = new SplittableRandom(42);
        int width = shape.gates() * shape.hidden();
        float[][] input = new float[shape.layers()][];
        float[][] recurrent = new float[shape.layers()][];
        float[][] bias = new float[shape.layers()][];
        for (int l = 0; l < shape.layers(); l++) {
            input[l] = unitUniform(random, (l == 0 ? shape.inputs() : shape.hidden()) * width);
            recurrent[l] = unitUniform(random, shape.hidden() * width);
            bias[l] = unitUniform(random, width);
        }
        float[] output = unitUniform(random, shape.hidden() * shape.outputs());
        return new ModelWeights(shape, input, recurrent, bias, output, unitUniform(random, shape.outputs()));
    }

    private static float[] unitUniform(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    /** One prediction as a line; Double.toString reads back to the same bits. */
    private static String line(Prediction p) {
        return String.join(
                " ",
                p.key,
                Long.toString(p.ts),
                Long.toString(p.step),
                Long.toString(p.modelVersion),
                Boolean.toString(p.anomaly),
                Double.toString(p.anomalyScore),
                values(p.observed),
                values(p.predicted),
                values(p.error),
                values(p.next));
    }

    private static String values(double[] a) {
        return a == null ? "-" : Arrays.stream(a).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(KeyStateRestoreTest.class.getResource("/state/" + name).toURI());
    }

    /** The kept formats, each with {@code state/predictor-<name>.snapshot} and {@code .expected}. */
    static List<String> fixtures() {
        return List.of("format3", "format4");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void snapshotRestoresAndGoesOnAsTheCodeThatWroteItDid(String fixture) throws Exception {
        JobSpec spec = TestSpecs.parse(SPEC);
        ModelStore store = new ModelStore(storeDir.toString());
        TestSpecs.publish(store, spec, weights(spec));
        ModelManifest v2 = TestSpecs.publish(store, spec, weights(spec));
        assertThat(v2.version()).isEqualTo(2);
        OperatorSubtaskState snapshot = OperatorSnapshotUtil.readStateHandle(
                resource("predictor-" + fixture + ".snapshot").toString());

        List<String> actual = new ArrayList<>();
        try (var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new PredictorFunction(spec, store.uri()), List.of(PredictorFunction.MODEL_POINTER)),
                Event::getKey,
                Types.STRING,
                1,
                1,
                0)) {
            // a checkpoint of the heap backend, as the fixture is, restores into the heap backend only
            h.setStateBackend(new HashMapStateBackend());
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processBroadcastElement(store.pointer(v2).toJson(), 0);
            for (Event e : after()) {
                h.processElement(e, e.ts);
            }
            for (Prediction p : h.extractOutputValues()) {
                actual.add(line(p));
            }
        }
        List<String> expected =
                Files.readAllLines(resource("predictor-" + fixture + ".expected"), StandardCharsets.UTF_8);
        assertThat(expected).hasSize(after().size());
        // the restored keys continue their step count; a score > 0 shows the ranks came back
        assertThat(actual.get(0)).startsWith("seasonal " + (T0 + 40_000) + " 41 2 ");
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
