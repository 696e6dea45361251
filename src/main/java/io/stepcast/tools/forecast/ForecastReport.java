package io.stepcast.tools.forecast;

import io.stepcast.tools.forecast.ErrorMetrics.Score;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one forecast evaluation measured: the model and both baselines on the same prediction times. */
public record ForecastReport(
        Score model,
        Score persistence,
        Score weeklyNaive,
        int horizon,
        int rows,
        ForecastWindow window,
        int weeklyLag,
        int models,
        int trainingRounds,
        double seconds) {

    /** The report as one JSON object's fields, in a stable order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", scoreJson(model));
        json.put("persistence", scoreJson(persistence));
        json.put("weekly_naive", scoreJson(weeklyNaive));
        json.put("horizon", horizon);
        json.put("rows", rows);
        json.put("from", window.from());
        json.put("to", window.to());
        json.put("weekly_lag", weeklyLag);
        json.put("models", models);
        json.put("training_rounds", trainingRounds);
        json.put("seconds", Math.round(seconds * 10) / 10.0);
        return json;
    }

    private static Map<String, Object> scoreJson(Score s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mape", s.mape());
        json.put("nrmse", s.nrmse());
        json.put("count", s.count());
        return json;
    }

    /** The report as a few lines for people. */
    public String toText() {
        return String.format(
                        "%d rows, horizon %d, prediction times [%d, %d): %d scored%n",
                        rows, horizon, window.from(), window.to(), model.count())
                + scoreLine("model", model)
                + scoreLine("persistence", persistence)
                + scoreLine("weekly-naive (lag " + weeklyLag + ")", weeklyNaive)
                + String.format(
                        "%d model(s) averaged, %d training rounds each, %.1f s%n", models, trainingRounds, seconds);
    }

    private static String scoreLine(String name, Score s) {
        return String.format("%-24s MAPE %.4f  NRMSE %.4f%n", name, s.mape(), s.nrmse());
    }
}
