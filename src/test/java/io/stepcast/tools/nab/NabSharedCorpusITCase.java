package io.stepcast.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.stepcast.runtime.event.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sanity detectors on the shared NAB corpus ({@code ../shared/nab}, skipped where it is absent),
 * written as NAB results files and read back as the command reads them.
 */
class NabSharedCorpusITCase {
    private static final Path NAB = Path.of("..", "shared", "nab");
    private static final Path LABELS = NAB.resolve("labels").resolve("combined_windows.json");

    @TempDir
    Path results;

    /** Writes a results file per labelled file with the scores {@code detector} gives it, then scores them. */
    private NabReport score(String name, Function<ScoredFile, double[]> detector) throws IOException {
        assumeThat(Files.isRegularFile(LABELS))
                .as("shared NAB corpus at %s", NAB.toAbsolutePath())
                .isTrue();
        NabLabels labels = NabLabels.read(LABELS);
        NabCorpusReader reader = new NabCorpusReader(NAB.resolve("data"), labels);
        for (String file : labels.files()) {
            List<String> data = Files.readAllLines(NAB.resolve("data").resolve(file));
            long[] timestamps = data.stream()
                    .skip(1)
                    .mapToLong(line -> Timestamps.parse(line.substring(0, line.indexOf(','))))
                    .toArray();
            double[] scores = detector.apply(
                    new ScoredFile(file, new double[timestamps.length], labels.rowWindows(file, timestamps)));
            List<String> lines = new ArrayList<>(List.of("timestamp,value,anomaly_score"));
            for (int row = 0; row < scores.length; row++) {
                lines.add(data.get(row + 1) + "," + scores[row]);
            }
            Path out = results.resolve(name)
                    .resolve(Path.of(file)
                            .resolveSibling(name + "_" + Path.of(file).getFileName()));
            Files.createDirectories(out.getParent());
            Files.write(out, lines);
        }
        return NabReport.of(name, reader.read(results, name));
    }

    @Test
    void firingAtTheFirstRowOfEveryWindowScores100() throws IOException {
        NabReport report = score("windowstart", file -> {
            double[] scores = new double[file.rows()];
            file.windows().forEach(w -> scores[w.first()] = 1.0);
            return scores;
        });
        // every shared window starts after its file's probationary period, so each earns the full TP weight
        for (NabProfile profile : NabProfile.values()) {
            assertThat(report.profile(profile).score()).as(profile.nabName()).isEqualTo(100.0);
        }
    }

    @Test
    void neverFiringScoresZero() throws IOException {
        NabReport report = score("never", file -> new double[file.rows()]);
        for (NabProfile profile : NabProfile.values()) {
            assertThat(report.profile(profile).score()).as(profile.nabName()).isEqualTo(0.0);
            // the shared copy's 31 files hold 53 windows
            assertThat(report.profile(profile).perfect()).isEqualTo(53 * profile.tpWeight());
        }
    }
}
