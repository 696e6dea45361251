package io.stepcast.runtime.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TestWeights;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyPredictorTest {

    private static List<Event> events(String key, long seed, int n, int features) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] values = new double[features];
            for (int f = 0; f < features; f++) {
                values[f] = 20 * (f + 1) + 5 * Math.sin(i / 5.0) + random.nextDouble(-1, 1);
            }
            events.add(new Event(key, 1_767_600_000_000L + 60_000L * i, values));
        }
        return events;
    }

    private static List<Prediction> run(KeyPredictor predictor, List<Event> events) {
        KeyState s = predictor.newState();
        List<Prediction> out = new ArrayList<>();
        for (Event e : events) {
            out.add(predictor.step(s, e));
        }
        return out;
    }

    @Test
    void firstHorizonEventsHaveNoPredictionAndScoreZero() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 4, horizon: 3}\nanomaly: {warmup: 2}");
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 1)), 7);
        List<Prediction> out = run(predictor, events("k", 1, 40, 1));

        for (int i = 0; i < 3; i++) {
            Prediction p = out.get(i);
            assertThat(p.step).isEqualTo(i + 1);
            assertThat(p.predicted).isNull();
            assertThat(p.error).isNull();
            assertThat(p.anomalyScore).isZero();
            assertThat(p.anomaly).isFalse();
            assertThat(p.next).hasSize(1);
            assertThat(p.modelVersion).isEqualTo(7);
        }
        assertThat(out.get(3).predicted).isNotNull();
        // warm-up of 2 errors: 2 left out, 2 to start the error histogram; steps 4 to 7 score 0, step 8 is
        // the first scored
        for (int i = 3; i < 7; i++) {
            assertThat(out.get(i).anomalyScore).isZero();
        }
        assertThat(out.get(7).anomalyScore).isPositive();
    }

    @Test
    void predictionMadeAtStepSIsReportedAtStepSPlusHorizon() {
        JobSpec spec = TestSpecs.parse("""
                fields: {features: [a, b]}
                time: {features: [hour-of-day]}
                model: {hidden: 5, layers: 2, horizon: 3}
                """);
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 2)), 1);
        List<Event> events = events("k", 2, 30, 2);
        List<Prediction> out = run(predictor, events);

        for (int s = 0; s + 3 < out.size(); s++) {
            Prediction later = out.get(s + 3);
            assertThat(later.predicted).as("step %d", later.step).containsExactly(out.get(s).next);
            assertThat(later.error)
                    .containsExactly(
                            events.get(s + 3).values[0] - later.predicted[0],
                            events.get(s + 3).values[1] - later.predicted[1]);
            assertThat(later.observed).isSameAs(events.get(s + 3).values);
            assertThat(later.key).isEqualTo("k");
            assertThat(later.ts).isEqualTo(events.get(s + 3).ts);
        }
    }

    @Test
    void horizonOneComparesWithThePreviousNext() {
        JobSpec spec = TestSpecs.parse("model: {cell: rnn, hidden: 3}");
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 3)), 1);
        List<Prediction> out = run(predictor, events("k", 3, 10, 1));
        assertThat(out.get(0).predicted).isNull();
        for (int s = 1; s < out.size(); s++) {
            assertThat(out.get(s).predicted).containsExactly(out.get(s - 1).next);
        }
    }

    @Test
    void withoutNormalisationNextIsTheValuePlusTheModelsChange() {
        JobSpec spec = TestSpecs.parse("fields: {features: [a, b]}\nmodel: {hidden: 3}\nnormalisation: {mode: none}");
        ModelShape shape = ModelShape.of(spec);
        KeyPredictor predictor =
                new KeyPredictor(spec, RecurrentKernel.of(TestWeights.outputBiasOnly(shape, 1.25f, -0.1f)), 1);
        // values of 20 to 45 pass unclipped: without normalisation there is no scale to clip in
        for (Prediction p : run(predictor, events("k", 4, 5, 2))) {
            assertThat(p.next).containsExactly((double) ((float) p.observed[0] + 1.25f), (double)
                    ((float) p.observed[1] + -0.1f));
        }
    }

    @Test
    void withRunningNormalisationNextIsDenormalised() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 2}\nnormalisation: {window: 100}");
        KeyPredictor predictor =
                new KeyPredictor(spec, RecurrentKernel.of(TestWeights.outputBiasOnly(ModelShape.of(spec), 0.5f)), 1);
        KeyState s = predictor.newState();

        // a single value: sd 0 counts as constant, scale 1; normalised input 0, change +0.5
        assertThat(predictor.step(s, new Event("k", 0, 10)).next).containsExactly(10.5);
        // values 10, 20: mean 15, population sd 5, normalised input 1, change +0.5
        Prediction p = predictor.step(s, new Event("k", 1, 20));
        assertThat(p.next[0]).isEqualTo(15 + 5 * (1 + 0.5));
        assertThat(p.predicted).containsExactly(10.5);
        assertThat(p.error).containsExactly(9.5);
    }

    @Test
    void stateRecordsProgress() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 4, horizon: 2}");
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 5)), 9);
        KeyState s = predictor.newState();
        assertThat(s.recurrent().h()).hasSize(4);
        assertThat(s.recurrent().c()).hasSize(4);
        List<Event> events = events("k", 5, 6, 1);
        for (Event e : events) {
            predictor.step(s, e);
        }
        assertThat(s.steps()).isEqualTo(6);
        assertThat(s.lastTs()).isEqualTo(events.get(5).ts);
        assertThat(s.recurrent().modelVersion()).isEqualTo(9);
        assertThat(s.normaliser().count()).isEqualTo(6);
        assertThat(s.errors().count()).isEqualTo(4);
    }

    @Test
    void sameInputsGiveBitIdenticalOutputs() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 6}\ntime: {features: [day-of-week]}");
        ModelWeights weights = TestSpecs.randomWeightsFor(spec, 6);
        List<Event> events = events("k", 6, 50, 1);
        assertThat(run(new KeyPredictor(spec, RecurrentKernel.of(weights), 1), events))
                .isEqualTo(run(new KeyPredictor(spec, RecurrentKernel.of(weights), 1), events));
    }

    @Test
    void modelOfTheWrongShapeIsRejected() {
        JobSpec spec =
                TestSpecs.parse("name: sensors\nfields: {features: [temp, rpm]}\ntime: {features: [hour-of-day]}");
        ModelWeights wrong = RandomWeights.of(new ModelShape(Cell.LSTM, 3, 4, 1, 1), 1);
        assertThatThrownBy(() -> new KeyPredictor(spec, RecurrentKernel.of(wrong), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "model lstm 3x4x1->1 does not fit job 'sensors', which with lags [] needs 4 inputs and 2 outputs");

        ModelWeights wrongOutputs = RandomWeights.of(new ModelShape(Cell.LSTM, 4, 4, 1, 1), 1);
        assertThatThrownBy(() -> new KeyPredictor(spec, RecurrentKernel.of(wrongOutputs), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 outputs");
    }

    @Test
    void anEnsembleServesTheMeanOfItsMembersEachWithItsOwnHiddenState() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 4, horizon: 2, layers: 2}\nanomaly: {warmup: 2}");
        ModelWeights a = TestSpecs.randomWeightsFor(spec, 11);
        ModelWeights b = TestSpecs.randomWeightsFor(spec, 12);
        List<Event> events = events("k", 4, 60, 1);
        KeyPredictor alone = new KeyPredictor(spec, RecurrentKernel.of(a), 1);
        KeyPredictor other = new KeyPredictor(spec, RecurrentKernel.of(b), 1);
        KeyPredictor both = new KeyPredictor(spec, List.of(RecurrentKernel.of(a), RecurrentKernel.of(b)), List.of(), 1);
        KeyState sa = alone.newState();
        KeyState sb = other.newState();
        KeyState s = both.newState();
        assertThat(s.recurrent().h()).hasSize(2 * sa.recurrent().h().length);
        assertThat(s.recurrent().c()).hasSize(2 * sa.recurrent().c().length);
        for (Event e : events) {
            Prediction pa = alone.step(sa, e);
            Prediction pb = other.step(sb, e);
            Prediction p = both.step(s, e);
            double mean = (pa.next[0] + pb.next[0]) / 2;
            assertThat(p.next[0]).isCloseTo(mean, within(1e-5 * Math.abs(mean)));
        }
        // each member's slice of the state evolved exactly as that network's state alone
        int h = sa.recurrent().h().length;
        int c = sa.recurrent().c().length;
        assertThat(Arrays.copyOfRange(s.recurrent().h(), 0, h))
                .containsExactly(sa.recurrent().h());
        assertThat(Arrays.copyOfRange(s.recurrent().h(), h, 2 * h))
                .containsExactly(sb.recurrent().h());
        assertThat(Arrays.copyOfRange(s.recurrent().c(), 0, c))
                .containsExactly(sa.recurrent().c());
        assertThat(Arrays.copyOfRange(s.recurrent().c(), c, 2 * c))
                .containsExactly(sb.recurrent().c());
    }

    /**
     * A tuned model may have another shape than the one that computed a key's state. The state is
     * resized and re-warmed from the kept inputs: with every input kept, the new model's predictions
     * from the swap on are exactly those of a key that had this model from its first event.
     */
    @Test
    void aModelOfAnotherShapeRewarmsTheKeyIntoItsOwnShape() {
        for (String policy : List.of("rewarm", "keep")) {
            JobSpec spec = TestSpecs.parse("model: {hidden: 4, onSwap: " + policy + ", rewarmSteps: 64}");
            JobSpec bigger = TestSpecs.parse("model: {hidden: 6, layers: 2}");
            KeyPredictor before = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 1)), 1);
            KeyPredictor after = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(bigger, 2)), 2);
            List<Event> events = events("k", 8, 50, 1);
            KeyState swapped = before.newState();
            for (Event e : events.subList(0, 30)) {
                before.step(swapped, e);
            }
            assertThat(after.rewarms(swapped)).isTrue();
            KeyState throughout = after.newState();
            for (Event e : events.subList(0, 30)) {
                after.step(throughout, e);
            }
            for (Event e : events.subList(30, 50)) {
                assertThat(after.step(swapped, e).next).containsExactly(after.step(throughout, e).next);
            }
            assertThat(swapped.recurrent().h())
                    .hasSize(12)
                    .containsExactly(throughout.recurrent().h());
            assertThat(swapped.recurrent().c())
                    .hasSize(12)
                    .containsExactly(throughout.recurrent().c());
            assertThat(swapped.recurrent().modelVersion()).isEqualTo(2);
        }
    }

    @Test
    void resetGivesAKeyOfAnotherShapeAZeroStateOfTheNewSize() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 4, onSwap: reset}");
        JobSpec smaller = TestSpecs.parse("model: {hidden: 2}");
        KeyPredictor before = new KeyPredictor(spec, RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 1)), 1);
        RecurrentKernel small = RecurrentKernel.of(TestSpecs.randomWeightsFor(smaller, 2));
        KeyPredictor after = new KeyPredictor(spec, small, 2);
        KeyState s = before.newState();
        List<Event> events = events("k", 9, 11, 1);
        for (Event e : events.subList(0, 10)) {
            before.step(s, e);
        }
        assertThat(after.rewarms(s)).isFalse();
        after.step(s, events.get(10));
        // one step of the new model from zero state on the event's input
        float[] x = new float[1];
        s.recentInputs().recall(s.steps(), x);
        float[] h = new float[2];
        float[] c = new float[2];
        small.step(x, h, c, new float[1]);
        assertThat(s.recurrent().h()).containsExactly(h);
        assertThat(s.recurrent().c()).containsExactly(c);
    }

    /** Keys keep lags 3 and 7 ({@code model.lags} and the tuning's), in that order. */
    private static final String LAG_TUNING = """
            fields: {features: [a, b]}
            time: {features: [hour-of-day]}
            model: {hidden: 4, horizon: 2, lags: [3], rewarmSteps: 8}
            anomaly: {warmup: 2}
            training: {validationFraction: 0.2, tuning: {trials: 3, lags: [[3], [7], [3, 7]]}}
            """;

    /** The same job without tuning, with lag inputs {@code lags} only. */
    private static JobSpec withOnlyLags(String lags) {
        return TestSpecs.parse(LAG_TUNING.replace("lags: [3]", "lags: " + lags).replace("trials: 3", "trials: 0"));
    }

    @Test
    void aModelWithSomeOfTheKeptLagsServesAsInAJobThatKeepsOnlyThem() {
        JobSpec tuning = TestSpecs.parse(LAG_TUNING);
        assertThat(tuning.keptLags()).containsExactly(3, 7);
        JobSpec plain = withOnlyLags("[7]");
        RecurrentKernel kernel = RecurrentKernel.of(TestSpecs.randomWeightsFor(plain, 5));
        List<Event> events = events("k", 1, 60, 2);

        List<Prediction> kept = run(new KeyPredictor(tuning, List.of(kernel), List.of(7), 1), events);

        assertThat(kept).isEqualTo(run(new KeyPredictor(plain, kernel, 1), events));
        // the lag input matters: the job's own lags read other columns and predict otherwise
        JobSpec three = withOnlyLags("[3]");
        assertThat(run(new KeyPredictor(three, kernel, 1), events).get(59).next).isNotEqualTo(kept.get(59).next);
        assertThatThrownBy(() -> new KeyPredictor(tuning, List.of(kernel), List.of(5), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its keys keep lags [3, 7] only");
    }

    /**
     * A swap to a model with other lag inputs re-warms the key from its kept inputs, read through the
     * new model's columns: from then on it predicts exactly what it would in a job that had always
     * kept that model's lags alone.
     */
    @Test
    void aSwapToAModelWithOtherLagsRewarmsFromItsOwnColumns() {
        JobSpec tuning = TestSpecs.parse(LAG_TUNING);
        JobSpec plain = withOnlyLags("[7]");
        RecurrentKernel v1 = RecurrentKernel.of(TestSpecs.randomWeightsFor(tuning, 1));
        RecurrentKernel v2 = RecurrentKernel.of(TestSpecs.randomWeightsFor(plain, 2));
        RecurrentKernel other = RecurrentKernel.of(TestSpecs.randomWeightsFor(plain, 3));
        List<Event> events = events("k", 4, 50, 2);

        KeyPredictor first = new KeyPredictor(tuning, List.of(v1), List.of(3), 1);
        KeyPredictor second = new KeyPredictor(tuning, List.of(v2), List.of(7), 2);
        KeyState s = first.newState();
        KeyPredictor firstAlone = new KeyPredictor(plain, other, 1);
        KeyPredictor secondAlone = new KeyPredictor(plain, v2, 2);
        KeyState alone = firstAlone.newState();
        for (int i = 0; i < 50; i++) {
            boolean swapped = i >= 30;
            Prediction p = (swapped ? second : first).step(s, events.get(i));
            Prediction q = (swapped ? secondAlone : firstAlone).step(alone, events.get(i));
            if (swapped) {
                assertThat(p.next).as("step %d", i + 1).isEqualTo(q.next);
                assertThat(s.recurrent().h()).isEqualTo(alone.recurrent().h());
            }
        }
    }

    /**
     * A key restored from a job that kept other lags holds a lag ring and inputs laid out for that job:
     * they start afresh rather than being read as something else, and a later re-warm replays only what
     * was encoded since.
     */
    @Test
    void aKeyRestoredFromAJobThatKeptOtherLagsStartsItsLagInputsAfresh() {
        JobSpec tuning = TestSpecs.parse(LAG_TUNING);
        JobSpec before = withOnlyLags("[]");
        RecurrentKernel kernel = RecurrentKernel.of(TestSpecs.randomWeightsFor(before, 6));
        List<Event> events = events("k", 7, 40, 2);
        KeyPredictor old = new KeyPredictor(before, kernel, 1);
        KeyState s = old.newState();
        for (Event e : events.subList(0, 20)) {
            old.step(s, e);
        }
        KeyState unchanged = s.copy();

        KeyPredictor now = new KeyPredictor(tuning, List.of(kernel), List.of(), 1);
        for (Event e : events.subList(20, 25)) {
            // a model without lags reads the same columns, so the key goes on as before
            assertThat(now.step(s, e)).isEqualTo(old.step(unchanged, e));
        }
        assertThat(s.steps()).isEqualTo(25);
        assertThat(s.encodedSteps()).isEqualTo(5);
        assertThat(s.relayoutInputs(12, 8 * 8)).isFalse(); // (7 − 2 + 1) × 2 lag values, 8 inputs of 8

        RecurrentKernel laggedKernel = RecurrentKernel.of(TestSpecs.randomWeightsFor(withOnlyLags("[3, 7]"), 8));
        KeyPredictor lagged = new KeyPredictor(tuning, List.of(laggedKernel), List.of(3, 7), 2);
        assertThat(lagged.rewarms(s)).isTrue();
        Prediction p = lagged.step(s, events.get(25));
        assertThat(p.modelVersion).isEqualTo(2);
        // the re-warm replayed the 5 inputs of steps 21 to 25 from zero state, not 8, then stepped 26
        float[] h = new float[4];
        float[] c = new float[4];
        float[] x = new float[8];
        float[] y = new float[2];
        for (long step = 21; step <= 26; step++) {
            s.recentInputs().recall(step, x);
            laggedKernel.step(x, h, c, y);
        }
        assertThat(s.recurrent().h()).isEqualTo(h);
        assertThat(s.recurrent().c()).isEqualTo(c);
    }

    @Test
    void ensembleMembersMustShareOneShape() {
        JobSpec spec = TestSpecs.parse("model: {hidden: 4}");
        JobSpec wider = TestSpecs.parse("model: {hidden: 8}");
        RecurrentKernel small = RecurrentKernel.of(TestSpecs.randomWeightsFor(spec, 1));
        RecurrentKernel large = RecurrentKernel.of(TestSpecs.randomWeightsFor(wider, 2));
        assertThatThrownBy(() -> new KeyPredictor(spec, List.of(small, large), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ensemble members differ in shape");
        assertThatThrownBy(() -> new KeyPredictor(spec, List.of(), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
