package io.stepcast.tools.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastEvaluationTest {
    private static final long HOUR = 3_600_000L;
    /** Training rounds before rows 48, 96, 192, 288 and 384. */
    private static final JobSpec TINY = tiny(1);

    private static JobSpec tiny(int ensemble) {
        return TestSpecs.parse("""
                fields: {time: timestamp}
                time: {features: [hour-of-day]}
                model: {hidden: 4, horizon: 3, rewarmSteps: 8, lags: [168]}
                training: {epochs: 1, sequenceLength: 24, tbptt: 12, batchSize: 8, validationFraction: 0,
                           everyEvents: 96, windowEvents: 200, ensemble: %d}
                """.formatted(ensemble));
    }

    /** Hourly rows with a daily cycle and seeded noise. */
    static List<Event> hourlySeries(int n, long seed) {
        Random random = new Random(seed);
        List<Event> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Event("s", i * HOUR, 100 + 30 * Math.sin(2 * Math.PI * i / 24) + 5 * random.nextGaussian()));
        }
        return rows;
    }

    private static List<ForecastRow> forecasts(List<Event> series, ForecastWindow window) throws Exception {
        return forecasts(TINY, series, window);
    }

    private static List<ForecastRow> forecasts(JobSpec spec, List<Event> series, ForecastWindow window)
            throws Exception {
        List<ForecastRow> rows = new ArrayList<>();
        new ForecastEvaluation(spec, new PrintWriter(Writer.nullWriter())).run(series, window, rows::add);
        return rows;
    }

    @Test
    void forecastMadeAtRowTIsTheSameWhateverFollowsRowT() throws Exception {
        List<Event> original = hourlySeries(420, 1);
        // cut at a training round: the round before row 288 must train on rows < 288 with known targets only
        int cut = 288;
        List<Event> changed = new ArrayList<>(original);
        for (int i = cut + 1; i < changed.size(); i++) {
            Event e = changed.get(i);
            changed.set(i, new Event(e.key, e.ts, 3 * e.values[0] + 7));
        }
        ForecastWindow window = ForecastWindow.of(420, 3, 165, null);
        List<ForecastRow> a = forecasts(original, window);
        List<ForecastRow> b = forecasts(changed, window);

        assertThat(a).hasSize(window.size());
        for (int i = 0; i < a.size(); i++) {
            int madeAt = a.get(i).targetRow() - 3;
            if (madeAt <= cut) {
                assertThat(b.get(i).predicted())
                        .as("forecast made at row %d", madeAt)
                        .isEqualTo(a.get(i).predicted());
            }
        }
        // and the comparison can fail: later forecasts do see the changed rows
        assertThat(b.get(b.size() - 1).predicted())
                .isNotEqualTo(a.get(a.size() - 1).predicted());
    }

    @Test
    void modelAndBaselinesAreScoredOnTheSamePredictionTimes() throws Exception {
        List<Event> series = hourlySeries(420, 2);
        List<ForecastRow> rows = new ArrayList<>();
        ForecastReport report = new ForecastEvaluation(TINY, new PrintWriter(Writer.nullWriter()))
                .run(series, ForecastWindow.of(420, 3, 200, 400), rows::add);

        assertThat(report.model().count()).isEqualTo(200);
        assertThat(report.persistence().count()).isEqualTo(200);
        assertThat(report.weeklyNaive().count()).isEqualTo(200);
        assertThat(report.weeklyLag()).isEqualTo(168);
        assertThat(report.trainingRounds()).isEqualTo(5);
        assertThat(rows).extracting(ForecastRow::targetRow).startsWith(203).endsWith(402);
        assertThat(rows.get(0).actual()).isEqualTo(series.get(203).values[0]);
        assertThat(rows.get(0).timestampMade()).isEqualTo(200 * HOUR);
        ErrorMetrics persistence = new ErrorMetrics();
        for (int t = 200; t < 400; t++) {
            persistence.add(series.get(t + 3).values[0], series.get(t).values[0]);
        }
        assertThat(report.persistence()).isEqualTo(persistence.score());
    }

    @Test
    void ensembleForecastIsTheMeanOfItsMembersSeededOneApart() throws Exception {
        List<Event> series = hourlySeries(300, 4);
        ForecastWindow window = ForecastWindow.of(300, 3, 250, null);
        JobSpec pair = tiny(2);
        List<ForecastRow> first = forecasts(series, window);
        List<ForecastRow> second = forecasts(TINY.withTraining(TINY.training().withSeed(43)), series, window);
        List<ForecastRow> mean = forecasts(pair, series, window);

        assertThat(first.get(0).predicted()).isNotEqualTo(second.get(0).predicted());
        for (int i = 0; i < mean.size(); i++) {
            // the members' outputs are averaged in the kernel's float arithmetic before denormalising
            double expected = first.get(i).predicted() / 2 + second.get(i).predicted() / 2;
            assertThat(mean.get(i).predicted()).isCloseTo(expected, within(1e-5 * Math.abs(expected)));
        }
    }

    @Test
    void windowStartingBeforeWeeklyNaiveCanForecastIsRefused() {
        assertThatThrownBy(() -> forecasts(hourlySeries(420, 3), ForecastWindow.of(420, 3, 100, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from-row must be at least 165");
    }

    @Test
    void eachTuningRoundSaysWhatItChose() throws Exception {
        JobSpec tuned = TestSpecs.parse("""
                fields: {time: timestamp}
                model: {hidden: 4, horizon: 3, rewarmSteps: 8}
                training: {epochs: 1, sequenceLength: 24, tbptt: 12, batchSize: 8, validationFraction: 0.2,
                           everyEvents: 96, windowEvents: 200,
                           tuning: {trials: 2, eta: 2, hidden: [4], layers: [1], learningRate: [0.01, 0.02]}}
                """);
        StringWriter progress = new StringWriter();
        new ForecastEvaluation(tuned, new PrintWriter(progress, true))
                .run(hourlySeries(220, 3), ForecastWindow.of(220, 3, 200, null), row -> {});

        // rounds before rows 48, 96 and 192, each a tuning round of two trials
        assertThat(progress.toString()
                        .lines()
                        .filter(l -> l.contains("; tuned (successive-halving, eta 2): trial ")
                                && l.contains(" of 2 won: hidden 4, layers 1, learning rate 0.0")))
                .hasSize(3);
    }
}
