package io.stepcast.tools.forecast;

/**
 * One forecaster's errors over the scored prediction times, in O(1) memory: weighted MAPE
 * ({@code Σ|y − ŷ| / Σ|y|}, the form the NYC-taxi references report; unlike a mean of ratios it
 * stays finite when some actual is zero) and NRMSE (RMSE over the population standard deviation of
 * the actuals, running with Welford's update so large counts do not lose precision).
 */
public final class ErrorMetrics {
    private long count;
    private double absoluteErrors;
    private double absoluteActuals;
    private double squaredErrors;
    private double actualMean;
    private double actualSquaredDeviations;

    /** Adds one scored prediction. */
    public void add(double actual, double predicted) {
        double error = actual - predicted;
        count++;
        absoluteErrors += Math.abs(error);
        absoluteActuals += Math.abs(actual);
        squaredErrors += error * error;
        double d = actual - actualMean;
        actualMean += d / count;
        actualSquaredDeviations += d * (actual - actualMean);
    }

    /** The metrics so far; NaN where undefined (nothing scored, all actuals zero, or constant actuals). */
    public Score score() {
        double mape = absoluteErrors / absoluteActuals;
        double rmse = Math.sqrt(squaredErrors / count);
        double sd = Math.sqrt(actualSquaredDeviations / count);
        return new Score(count == 0 ? Double.NaN : mape, count == 0 ? Double.NaN : rmse / sd, count);
    }

    /** Weighted MAPE, NRMSE and the number of predictions they cover. */
    public record Score(double mape, double nrmse, long count) {}
}
