package io.stepcast.tools.forecast;

/** One scored prediction: made at {@code timestampMade} (epoch ms) for row {@code targetRow}. */
public record ForecastRow(long timestampMade, int targetRow, double actual, double predicted) {}
