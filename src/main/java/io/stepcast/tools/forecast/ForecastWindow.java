package io.stepcast.tools.forecast;

/**
 * The prediction times that are scored, {@code [from, to)} in 0-based data rows; the forecast made at
 * row t targets row t+K, so {@code to} can be at most {@code rows − K}.
 */
public record ForecastWindow(int from, int to) {

    /** The window {@code [from, to)} of a series of {@code rows} rows, {@code to} defaulting to {@code rows − K}. */
    public static ForecastWindow of(int rows, int horizon, int from, Integer to) {
        int last = rows - horizon;
        int end = to == null ? last : to;
        if (end > last) {
            throw new IllegalArgumentException("--to-row " + end + " is past the last prediction time with a known "
                    + "target: with " + rows + " rows and horizon " + horizon + " it must be at most " + last);
        }
        if (from < 0 || from >= end) {
            throw new IllegalArgumentException("--from-row " + from + " must be at least 0 and below --to-row " + end);
        }
        return new ForecastWindow(from, end);
    }

    public int size() {
        return to - from;
    }
}
