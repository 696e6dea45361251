package io.stepcast.runtime.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TestWeights;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.KeyStateSerializer;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12: a key's arithmetic stays finite for every value up to the ceiling the parser lets through
 * (1e100), whatever the job file and the weights. Every field of every prediction and every number
 * in the key's state is checked after every event.
 */
class ExtremeValuesTest {
    private static final double CEILING = 1e100;
    private static final long START = 1_767_600_000_000L;
    private static final long MINUTE = 60_000L;

    private static final List<String> JOBS = List.of(
            "model: {hidden: 8}\nnormalisation: {window: 50}\nanomaly: {warmup: 5}",
            "model: {cell: rnn, hidden: 5}\nnormalisation: {mode: none}\nanomaly: {warmup: 5}",
            "model: {hidden: 7, layers: 2}\nnormalisation: {mode: none}\nanomaly: {warmup: 5, rangeCheck: true}",
            """
            fields: {features: [a, b]}
            time: {features: [hour-of-day, day-of-week]}
            model: {hidden: 6, horizon: 3, lags: [3, 10]}
            normalisation: {window: 50}
            anomaly: {warmup: 5, shortWindow: 3, rangeCheck: true, suppressHalfLife: 20,
                      season: {period: 1h, window: 50}}
            """,
            """
            fields: {features: [a, b, c]}
            time: {features: [hour-of-day]}
            model: {cell: rnn, hidden: 9, layers: 2, horizon: 2, lags: [4]}
            normalisation: {mode: none}
            anomaly: {warmup: 5, rangeCheck: true, suppressHalfLife: 10, season: {period: 30min, window: 20}}
            """,
            """
            fields: {features: [a, b]}
            model: {cell: rnn, hidden: 4, lags: [1, 2]}
            normalisation: {window: 2}
            anomaly: {warmup: 2, shortWindow: 1, season: {period: 10min, window: 2, minCorrelation: -1}}
            """);

    /** Weights as trained networks have them, and scaled far beyond. */
    private static final List<Float> WEIGHT_SCALES = List.of(1f, 1e4f, 1e28f);

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (int j = 0; j < JOBS.size(); j++) {
            for (float scale : WEIGHT_SCALES) {
                for (String kernel : List.of("scalar", "fastest")) {
                    all.add(Arguments.of(j, scale, kernel));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "job {0}, weights x{1}, {2} kernel")
    @MethodSource("configurations")
    void everyPredictionAndAllStateStayFinite(int job, float weightScale, String kernel) throws IOException {
        JobSpec spec = TestSpecs.parse(JOBS.get(job));
        KeyPredictor predictor = predictor(spec, weightScale, kernel);
        KeyState s = predictor.newState();
        for (Event e : events(spec.modelOutputs(), 1500, 7 + job, ExtremeValuesTest::mixed)) {
            Prediction p = predictor.step(s, e);
            String at = "step " + p.step + ", value " + e.values[0];
            assertFinite(p.next, at + ": next");
            if (p.predicted != null) {
                assertFinite(p.predicted, at + ": predicted");
                assertFinite(p.error, at + ": error");
            }
            assertThat(p.anomalyScore).as(at + ": anomalyScore").isBetween(0.0, 1.0);
            assertFinite(stateNumbers(s), at + ": state");
        }
    }

    /**
     * A key that saw extremes among its normal values ends up, once its normaliser's window has
     * passed them out, predicting what a key that never saw them predicts, and scoring normally.
     */
    @Test
    void aKeyRecoversOnceTheExtremesHavePassedOut() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 8}\nnormalisation: {window: 20}\nanomaly: {warmup: 5}");
        KeyPredictor predictor = predictor(spec, 1f, "fastest");
        int n = 20_000;
        List<Event> clean = events(1, n, 3, (i, v) -> v);
        List<Event> dirty =
                events(1, n, 3, (i, v) -> i < 500 && i % 50 == 25 ? (i % 100 == 25 ? CEILING : -CEILING) : v);
        KeyState cleanState = predictor.newState();
        KeyState dirtyState = predictor.newState();
        List<Double> lateScores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Prediction expected = predictor.step(cleanState, clean.get(i));
            Prediction actual = predictor.step(dirtyState, dirty.get(i));
            assertFinite(actual.next, "step " + actual.step);
            if (i >= n - 1000) {
                assertThat(actual.next[0]).isCloseTo(expected.next[0], within(1e-3));
                lateScores.add(actual.anomalyScore);
            }
        }
        assertThat(lateScores.stream().distinct().count()).isGreaterThan(100);
        assertThat(lateScores.stream().mapToDouble(Double::doubleValue).min().getAsDouble())
                .isLessThan(0.1);
        assertThat(lateScores.stream().mapToDouble(Double::doubleValue).max().getAsDouble())
                .isGreaterThan(0.9);
    }

    private static KeyPredictor predictor(JobSpec spec, float weightScale, String kernel) {
        ModelWeights weights = TestWeights.scaled(TestSpecs.randomWeightsFor(spec, 11), weightScale);
        RecurrentKernel k = kernel.equals("scalar") ? RecurrentKernel.scalar(weights) : RecurrentKernel.of(weights);
        return new KeyPredictor(spec, k, 1);
    }

    @FunctionalInterface
    private interface Injection {
        /** The value of event {@code i}, whose normal value is {@code normal}. */
        double at(int i, double normal);
    }

    private static List<Event> events(int features, int n, long seed, Injection injection) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] values = new double[features];
            for (int f = 0; f < features; f++) {
                double normal = 20 * (f + 1) + 5 * Math.sin((i + 13 * f) / 5.0) + random.nextDouble(-1, 1);
                values[f] = injection.at(i + 37 * f, normal);
            }
            events.add(new Event("k", START + MINUTE * i, values));
        }
        return events;
    }

    private static final double[] TINY = {1e-300, Double.MIN_VALUE, -0.0, -Double.MIN_VALUE, 0.0, -1e-300};

    /**
     * Normal values with, in turn: lone spikes of both signs at the ceiling, a stretch alternating
     * between ±ceiling every event, denormals and signed zeros, a long constant run ending in a jump to
     * the ceiling, and a slide from the ceiling down to 1e-100 on either sign; normal again after.
     */
    private static double mixed(int i, double normal) {
        if (i < 300) {
            return i % 97 == 50 ? CEILING : i % 89 == 40 ? -CEILING : normal;
        }
        if (i < 400) {
            return i % 2 == 0 ? CEILING : -CEILING;
        }
        if (i < 450) {
            return TINY[i % TINY.length];
        }
        if (i < 800) {
            return 5;
        }
        if (i == 800) {
            return CEILING;
        }
        if (i >= 900 && i < 1100) {
            double magnitude = Math.pow(10, 100 - (i % 100) * 2);
            return i < 1000 ? magnitude : -magnitude;
        }
        return normal;
    }

    private static void assertFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.isFinite(values[i]))
                    .as(what + "[" + i + "] = " + values[i])
                    .isTrue();
        }
    }

    /** Every double and float the serializer writes for {@code s}: all the numbers the key keeps. */
    private static double[] stateNumbers(KeyState s) throws IOException {
        List<Double> numbers = new ArrayList<>();
        DataOutputView recorder = (DataOutputView) Proxy.newProxyInstance(
                DataOutputView.class.getClassLoader(), new Class<?>[] {DataOutputView.class}, (proxy, method, args) -> {
                    if (method.getName().equals("writeDouble")) {
                        numbers.add((Double) args[0]);
                    } else if (method.getName().equals("writeFloat")) {
                        numbers.add(((Float) args[0]).doubleValue());
                    }
                    return null;
                });
        KeyStateSerializer.INSTANCE.serialize(s, recorder);
        return numbers.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
