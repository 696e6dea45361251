package io.stepcast.tools.forecast;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.training.SelfTrainingSeries;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a series through a model of its own ({@link SelfTrainingSeries}: the job's predictor,
 * retrained periodically on rows already seen, an average of {@code training.ensemble} networks) and
 * scores its {@code model.horizon}-step-ahead forecasts, with the persistence and weekly-naive baselines scored on exactly the same prediction
 * times.
 *
 * <p>Strictly causal: the forecast made at row t comes from stepping rows 0..t, with weights trained
 * on rows before t whose targets were known by then; rows from {@code window.to()} on are never
 * stepped, and later rows are only read as the actuals the forecasts are scored against.
 */
public final class ForecastEvaluation {
    private final JobSpec spec;
    private final PrintWriter progress;

    public ForecastEvaluation(JobSpec spec, PrintWriter progress) {
        if (spec.modelOutputs() != 1) {
            throw new IllegalArgumentException(
                    "forecast evaluation scores one value per row; the job lists " + spec.modelOutputs() + " features");
        }
        this.spec = spec;
        this.progress = progress;
    }

    /**
     * Forecasts from every row before {@code window.to()}, scores those made in the window, and hands
     * each scored forecast to {@code scored}, in row order.
     */
    public ForecastReport run(List<Event> series, ForecastWindow window, Consumer<ForecastRow> scored) {
        int horizon = spec.model().horizon();
        Baselines baselines = Baselines.of(series, horizon);
        if (window.from() < baselines.firstWeeklyNaiveRow()) {
            throw new IllegalArgumentException("--from-row must be at least " + baselines.firstWeeklyNaiveRow()
                    + ": weekly-naive forecasts row t+" + horizon + " by the row a week (" + baselines.weeklyLag()
                    + " rows) before it");
        }
        long started = System.nanoTime();
        double[] forecasts = new double[window.size()];
        SelfTrainingSeries model = new SelfTrainingSeries(spec);
        for (int t = 0; t < window.to(); t++) {
            int rounds = model.rounds();
            Prediction p = model.step(series.get(t));
            if (model.rounds() != rounds) {
                progress.printf(
                        "row %d: training round %d done (%.0f s)%s%n",
                        t,
                        model.rounds(),
                        (System.nanoTime() - started) / 1e9,
                        model.lastTuning() == null
                                ? ""
                                : "; " + model.lastTuning().summary());
                progress.flush();
            }
            if (t >= window.from()) {
                forecasts[t - window.from()] = p.next[0];
            }
        }
        ErrorMetrics modelError = new ErrorMetrics();
        ErrorMetrics persistence = new ErrorMetrics();
        ErrorMetrics weeklyNaive = new ErrorMetrics();
        for (int t = window.from(); t < window.to(); t++) {
            double actual = series.get(t + horizon).values[0];
            double predicted = forecasts[t - window.from()];
            modelError.add(actual, predicted);
            persistence.add(actual, baselines.persistence(t));
            weeklyNaive.add(actual, baselines.weeklyNaive(t));
            scored.accept(new ForecastRow(series.get(t).ts, t + horizon, actual, predicted));
        }
        return new ForecastReport(
                modelError.score(),
                persistence.score(),
                weeklyNaive.score(),
                horizon,
                series.size(),
                window,
                baselines.weeklyLag(),
                spec.training().ensemble(),
                model.rounds(),
                (System.nanoTime() - started) / 1e9);
    }
}
