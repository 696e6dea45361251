package io.stepcast.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.tools.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepcast nab} end to end on a small generated corpus, on the local Flink environment. */
class NabDetectionITCase {
    private static final String JOB = """
            name: tiny-nab
            fields: {time: timestamp, features: [value]}
            model: {hidden: 4, rewarmSteps: 8}
            anomaly: {warmup: 10, rangeCheck: true}
            training: {epochs: 1, sequenceLength: 20, tbptt: 10, batchSize: 4, validationFraction: 0,
                       everyEvents: 100, windowEvents: 150}
            parallelism: 2
            """;

    @TempDir
    Path dir;

    /** A daily-ish sine with one spike at {@code spikeAt}; two rows share a timestamp, as NAB files can. */
    private static List<String> series(int rows, int spikeAt, double level) {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int t = 0; t < rows; t++) {
            int minutes = t == 51 ? 50 * 5 : t * 5;
            double v = level + Math.sin(t / 12.0) + (t == spikeAt ? 6 : 0);
            lines.add(String.format("2020-01-01 %02d:%02d:00,%s", minutes / 60 % 24, minutes % 60, v));
        }
        return lines;
    }

    private void write(String file, List<String> lines) throws IOException {
        Path path = dir.resolve("data").resolve(file);
        Files.createDirectories(path.getParent());
        Files.write(path, lines);
    }

    private String nab(Path job) {
        return Cli.run(
                "nab",
                "--job",
                job.toString(),
                "--data",
                dir.resolve("data").toString(),
                "--out",
                dir.resolve("results").toString());
    }

    @Test
    void writesNabsResultsLayoutRowForRow() throws Exception {
        write("a/first.csv", series(230, 200, 0));
        write("a/second.csv", series(180, 150, 100));
        write("b/third.csv", series(120, 90, -5));
        Path job = Files.writeString(dir.resolve("job.yaml"), JOB);

        String out = nab(job);

        assertThat(out).contains("3 files, 530 rows").contains("[3/3]");
        for (String[] file : new String[][] {
            {"a/first.csv", "a/stepcast_first.csv", "200"},
            {"a/second.csv", "a/stepcast_second.csv", "150"},
            {"b/third.csv", "b/stepcast_third.csv", "90"}
        }) {
            List<String> input = Files.readAllLines(dir.resolve("data").resolve(file[0]));
            List<String> result =
                    Files.readAllLines(dir.resolve("results/stepcast").resolve(file[1]));
            assertThat(result).hasSameSizeAs(input);
            assertThat(result.get(0)).isEqualTo("timestamp,value,anomaly_score");
            int spike = Integer.parseInt(file[2]);
            for (int row = 1; row < result.size(); row++) {
                String[] in = input.get(row).split(",");
                String[] res = result.get(row).split(",");
                assertThat(res[0]).as(file[0] + " row " + row).isEqualTo(in[0]);
                assertThat(Double.parseDouble(res[1])).isEqualTo(Double.parseDouble(in[1]));
                double score = Double.parseDouble(res[2]);
                assertThat(score).isBetween(0.0, 1.0);
                if (row - 1 == spike) {
                    assertThat(score).as("the spike in " + file[0]).isEqualTo(1.0);
                }
            }
        }
    }

    @Test
    void aTuningDetectorSaysWhatEachFilesLastRoundChose() throws Exception {
        write("a/first.csv", series(230, 200, 0));
        Path job = Files.writeString(
                dir.resolve("tuning.yaml"),
                JOB.replace("validationFraction: 0,", "validationFraction: 0.2,")
                        .replace(
                                "windowEvents: 150}",
                                "windowEvents: 150,\n  tuning: {trials: 2, eta: 2, hidden: [4, 8], layers: [1], learningRate: [0.01]}}"));

        String out = nab(job);

        assertThat(out.lines().filter(l -> l.startsWith("[1/1] a/first.csv: 230 rows (")))
                .singleElement()
                .asString()
                .containsPattern(
                        "; last round tuned \\(successive-halving, eta 2\\): trial [01] of 2 won: hidden [48], "
                                + "layers 1, learning rate 0.01, sequence 20, recent 1.0, lags \\[\\], kept after 1 epochs$");
    }

    @Test
    void anEmptyCorpusIsAnError() {
        assertThatThrownBy(() -> NabCorpus.at(dir)).hasMessageContaining("no <category>/<file>.csv files under");
    }
}
