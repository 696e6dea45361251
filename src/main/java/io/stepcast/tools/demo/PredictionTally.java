package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.report.ReportData;
import io.stepcast.tools.report.ReportPage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The numeric demo's figures ({@link DemoTally} reads the topics): errors against the persistence
 * baseline, flagged anomalies; and the predictions themselves, for the demo's report page.
 */
final class PredictionTally extends DemoTally {
    private final Set<String> injected;
    private final Consumer<String> onAnomaly;

    private final Map<String, Double> lastObserved = new HashMap<>();
    private final Set<String> detected = new TreeSet<>();
    private final ReportData report;
    private long flagged;
    private long scored;
    private double absError;
    private double naiveAbsError;

    PredictionTally(
            String bootstrap,
            JobSpec.Topics topics,
            JsonCodec codec,
            Set<String> injected,
            Consumer<String> onAnomaly) {
        super(bootstrap, topics, codec);
        this.report = new ReportData(codec.features());
        this.injected = injected;
        this.onAnomaly = onAnomaly;
    }

    @Override
    void read(Prediction p) {
        report.add(p);
        Double previous = lastObserved.put(p.key, p.observed[0]);
        if (p.predicted != null && previous != null) {
            scored++;
            absError += Math.abs(p.error[0]);
            naiveAbsError += Math.abs(p.observed[0] - previous);
        }
        if (p.anomaly) {
            flagged++;
            String id = p.key + "@" + p.ts;
            boolean known = injected.contains(id);
            if (known) {
                detected.add(id);
            }
            onAnomaly.accept(String.format(
                    "anomaly: %s at %s (score %.4f)%s",
                    p.key, Instant.ofEpochMilli(p.ts), p.anomalyScore, known ? " <- injected" : ""));
        }
    }

    @Override
    synchronized String progress() {
        return String.format("anomalies %d", flagged);
    }

    /** Writes the report page of every prediction read so far to {@code out}; returns its absolute path. */
    synchronized Path writeReport(Path out) throws IOException {
        return ReportPage.write(report, "Stepcast demo: predictions of " + report.keys() + " sensors", out);
    }

    synchronized Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>(counts());
        s.put("keys", lastObserved.size());
        s.putAll(versions());
        s.put("mean_abs_error", scored == 0 ? null : absError / scored);
        s.put("naive_mean_abs_error", scored == 0 ? null : naiveAbsError / scored);
        s.put("anomalies_flagged", flagged);
        s.put("anomalies_detected", detected.size());
        s.put("stream_held_ms", streamHeldMillis());
        return s;
    }
}
