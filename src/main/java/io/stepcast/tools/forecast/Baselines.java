package io.stepcast.tools.forecast;

import io.stepcast.runtime.event.Event;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The two reference forecasts reported next to a model, made from the same series: persistence
 * ({@code ŷ[t+K] = y[t]}) and weekly-naive ({@code ŷ[t+K] = y[t+K−L]}, L rows = one week). L comes from
 * the series' median timestamp spacing (336 for 30-minute data): the median, because a few missing or
 * repeated rows must not change it.
 */
public record Baselines(List<Event> series, int horizon, int weeklyLag) {
    private static final long WEEK_MS = Duration.ofDays(7).toMillis();

    public Baselines {
        if (horizon > weeklyLag) {
            throw new IllegalArgumentException("horizon " + horizon + " is longer than a week (" + weeklyLag
                    + " rows): weekly-naive would look into the future");
        }
    }

    /** Baselines for {@code series}, with the weekly lag derived from its spacing. */
    public static Baselines of(List<Event> series, int horizon) {
        return new Baselines(series, horizon, weeklyLag(series));
    }

    /** Rows per week: a week over the median spacing of consecutive timestamps, which must divide it. */
    static int weeklyLag(List<Event> series) {
        if (series.size() < 2) {
            throw new IllegalArgumentException(
                    "a series needs at least two rows to tell its spacing, has " + series.size());
        }
        long[] gaps = new long[series.size() - 1];
        for (int i = 1; i < series.size(); i++) {
            gaps[i - 1] = series.get(i).ts - series.get(i - 1).ts;
        }
        Arrays.sort(gaps);
        long spacing = gaps[gaps.length / 2];
        if (spacing <= 0 || WEEK_MS % spacing != 0) {
            throw new IllegalArgumentException("the weekly-naive baseline needs rows evenly spaced by a divisor of a "
                    + "week; the median spacing is " + Duration.ofMillis(spacing));
        }
        return Math.toIntExact(WEEK_MS / spacing);
    }

    /** The first prediction time weekly-naive can forecast: its source row {@code t+K−L} must exist. */
    public int firstWeeklyNaiveRow() {
        return weeklyLag - horizon;
    }

    public double persistence(int t) {
        return series.get(t).values[0];
    }

    public double weeklyNaive(int t) {
        return series.get(t + horizon - weeklyLag).values[0];
    }
}
