package io.stepcast.tools.report;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Predictions of three keys, written by the job's own codec, with what a report of them must show.
 * One key's name would close a script element and open a comment if the page embedded it raw.
 */
final class SamplePredictions {
    static final JsonCodec CODEC = new JsonCodec(List.of("temp", "rpm"));
    static final long START = 1_767_600_000_000L;
    static final long STEP = 300_000;

    /** One key's series: its size, the indices flagged and the indices where the model version changes. */
    record Key(String name, int points, Set<Integer> flagged, List<Integer> swapsAt) {
        List<Prediction> predictions() {
            List<Prediction> ps = new ArrayList<>();
            long version = 1;
            for (int i = 0; i < points; i++) {
                if (swapsAt.contains(i)) {
                    version++;
                }
                Prediction p = new Prediction();
                p.key = name;
                p.ts = START + i * STEP;
                p.step = i + 1;
                p.observed = new double[] {20 + 5 * Math.sin(i / 6.0), 1200 + i};
                p.predicted = i == 0 ? null : new double[] {p.observed[0] + 0.25, p.observed[1] - 3};
                p.error = p.predicted == null ? null : new double[] {-0.25, 3};
                p.next = new double[] {p.observed[0], p.observed[1]};
                p.anomaly = flagged.contains(i);
                p.anomalyScore = p.anomaly ? 0.9995 : 0.1 + i % 7 / 10.0;
                p.modelVersion = version;
                ps.add(p);
            }
            return ps;
        }
    }

    /** In the order the page lists them: sorted by name. */
    static final List<Key> KEYS = List.of(
            new Key("sensor-1", 60, Set.of(10, 40), List.of(35)),
            new Key("sensor-2", 45, Set.of(3), List.of()),
            new Key("x</script><!--y", 20, Set.of(), List.of(5, 12)));

    private SamplePredictions() {}

    /** Every key's predictions, interleaved as a topic's partitions would deliver them. */
    static List<Prediction> all() {
        List<List<Prediction>> perKey = KEYS.stream().map(Key::predictions).toList();
        List<Prediction> all = new ArrayList<>();
        for (int i = 0; all.size() < perKey.stream().mapToInt(List::size).sum(); i++) {
            for (List<Prediction> ps : perKey) {
                if (i < ps.size()) {
                    all.add(ps.get(i));
                }
            }
        }
        return all;
    }

    static ReportData data() {
        ReportData data = new ReportData(CODEC.features());
        all().forEach(data::add);
        return data;
    }

    /** The predictions as JSON lines, as {@code read} prints them, with a blank line a user might leave. */
    static Path writeLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Prediction p : all()) {
            lines.add(new String(CODEC.prediction(p), StandardCharsets.UTF_8));
        }
        lines.add("");
        return Files.write(file, lines);
    }
}
