package io.stepcast.tools.nab;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.csv.CsvRowWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a NAB-style corpus through the detector on a local Flink environment, each file one key, and
 * writes NAB's results layout: {@code OUT/<detector>/<category>/<detector>_<file>.csv} with header
 * {@code timestamp,value,anomaly_score}, one row per input row in input order.
 */
public final class NabDetection {
    public static final String DETECTOR = "stepcast";
    private static final DateTimeFormatter NAB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final JobSpec spec;
    private final PrintWriter progress;

    public NabDetection(JobSpec spec, PrintWriter progress) {
        this.spec = spec;
        this.progress = progress;
    }

    /** Scores every file of {@code corpus} and writes the results under {@code out}. */
    public void run(NabCorpus corpus, Path out) throws Exception {
        List<SeriesRow> rows = corpus.rows(spec.fields());
        Map<String, Integer> expected = new HashMap<>();
        rows.forEach(r -> expected.merge(r.file, 1, Integer::sum));
        progress.printf("%d files, %d rows, parallelism %d%n", expected.size(), rows.size(), spec.parallelism());
        progress.flush();

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(spec.parallelism(), new Configuration());
        DataStream<SeriesRow> scored = env.fromData(rows)
                .keyBy(SeriesRow::getFile)
                .process(new SeriesDetector(spec))
                .name("detector");
        Map<String, List<SeriesRow>> done = new HashMap<>();
        long started = System.nanoTime();
        int finished = 0;
        try (CloseableIterator<SeriesRow> results = scored.executeAndCollect("stepcast-nab")) {
            // stop asking once every file is complete: a last hasNext() can race the local cluster's
            // shutdown and log a stack trace about data that is in fact all there
            while (finished < expected.size() && results.hasNext()) {
                SeriesRow r = results.next();
                List<SeriesRow> file = done.computeIfAbsent(r.file, f -> new ArrayList<>());
                file.add(r);
                if (file.size() == expected.get(r.file)) {
                    write(NabCorpus.resultPath(out, DETECTOR, r.file), file);
                    done.remove(r.file);
                    finished++;
                    progress.printf(
                            "[%d/%d] %s: %d rows (%.0f s)%s%n",
                            finished,
                            expected.size(),
                            r.file,
                            file.size(),
                            (System.nanoTime() - started) / 1e9,
                            lastTuning(file));
                    progress.flush();
                }
            }
        }
        if (finished != expected.size()) {
            throw new IllegalStateException("the detection job ended with " + (expected.size() - finished)
                    + " file(s) incomplete: " + done.keySet());
        }
    }

    /** What the file's last tuning round chose, or "" when it did not tune. */
    private static String lastTuning(List<SeriesRow> file) {
        return file.stream()
                .filter(r -> r.tuned != null)
                .max(Comparator.comparingInt(r -> r.row))
                .map(r -> "; last round " + r.tuned)
                .orElse("");
    }

    private static void write(Path path, List<SeriesRow> rows) throws IOException {
        rows.sort(Comparator.comparingInt(r -> r.row));
        Files.createDirectories(path.getParent());
        try (CsvRowWriter csv =
                new CsvRowWriter(Files.newBufferedWriter(path), "timestamp", "value", "anomaly_score")) {
            for (SeriesRow r : rows) {
                csv.write(NAB_TIME.format(Instant.ofEpochMilli(r.ts)), r.value, r.score);
            }
        }
    }
}
