package io.stepcast.tools.report;

import io.stepcast.runtime.event.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The predictions a report shows, grouped by key, and their JSON form for the page: per key the
 * times, the observed and predicted values per feature, the anomaly scores, which points were
 * flagged and where the model version changed. Keys are sorted by name so the picker is the same
 * whatever order the topic's partitions were read in.
 */
public final class ReportData {
    private final List<String> features;
    private final Map<String, List<Prediction>> byKey = new TreeMap<>();

    /** {@code features}: the names of the predictions' values, in array order. */
    public ReportData(List<String> features) {
        this.features = List.copyOf(features);
    }

    public void add(Prediction p) {
        byKey.computeIfAbsent(p.key, k -> new ArrayList<>()).add(p);
    }

    public int keys() {
        return byKey.size();
    }

    public int predictions() {
        return byKey.values().stream().mapToInt(List::size).sum();
    }

    /** The page's data block, as maps and lists for Jackson. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("features", features);
        json.put(
                "keys",
                byKey.entrySet().stream()
                        .map(e -> key(e.getKey(), e.getValue()))
                        .toList());
        return json;
    }

    private Map<String, Object> key(String key, List<Prediction> unsorted) {
        // a chart's x values must ascend; a topic keeps each key's order, a file need not
        List<Prediction> ps =
                unsorted.stream().sorted(Comparator.comparingLong(p -> p.ts)).toList();
        List<Double> times = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Integer> flagged = new ArrayList<>();
        List<Map<String, Object>> swaps = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            Prediction p = ps.get(i);
            times.add(p.ts / 1000.0); // uPlot's time scale counts seconds
            scores.add(p.anomalyScore);
            if (p.anomaly) {
                flagged.add(i);
            }
            if (i > 0 && p.modelVersion != ps.get(i - 1).modelVersion) {
                swaps.add(Map.of("t", p.ts / 1000.0, "version", p.modelVersion));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        json.put("t", times);
        json.put("observed", perFeature(ps, p -> p.observed));
        json.put("predicted", perFeature(ps, p -> p.predicted));
        json.put("score", scores);
        json.put("flagged", flagged);
        json.put("swaps", swaps);
        json.put("versions", ps.stream().map(p -> p.modelVersion).distinct().toList());
        return json;
    }

    /** One list per feature; null where the prediction has no such values (no prediction yet). */
    private List<List<Double>> perFeature(List<Prediction> ps, Function<Prediction, double[]> of) {
        List<List<Double>> series = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            List<Double> values = new ArrayList<>(ps.size());
            for (Prediction p : ps) {
                double[] v = of.apply(p);
                values.add(v == null ? null : v[f]);
            }
            series.add(values);
        }
        return series;
    }
}
