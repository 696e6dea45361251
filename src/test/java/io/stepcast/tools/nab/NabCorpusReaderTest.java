package io.stepcast.tools.nab;

import static io.stepcast.tools.nab.NabFixture.firingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusReaderTest {
    private static final String FILE = "realTest/series.csv";
    private static final int ROWS = 40;

    @TempDir
    Path root;

    @BeforeEach
    void corpus() throws IOException {
        NabFixture.writeLabels(root, Map.of(FILE, List.of(new RowWindow(10, 14))));
        NabFixture.writeDataAndResults(root, "stepcast", FILE, firingAt(ROWS, 10));
    }

    private List<ScoredFile> read(String detector) throws IOException {
        NabLabels labels = NabLabels.read(NabFixture.labelsFile(root));
        return new NabCorpusReader(root.resolve("data"), labels).read(root.resolve("results"), detector);
    }

    @Test
    void readsScoresAndPlacesWindowsByTimestamp() throws IOException {
        List<ScoredFile> files = read("stepcast");
        assertThat(files).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo(FILE);
            assertThat(file.rows()).isEqualTo(ROWS);
            assertThat(file.score(10)).isEqualTo(1.0);
            assertThat(file.windows()).containsExactly(new RowWindow(10, 14));
        });
    }

    @Test
    void windowsCoverTheRowsWhoseTimestampLiesWithinThemEvenWithTimeGoingBack() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("data").resolve(FILE));
        // row 12 repeats row 9's time, row 13 jumps back before the window: both stay inside the span 10..14
        lines.set(1 + 12, lines.get(1 + 9));
        lines.set(1 + 13, lines.get(1 + 2));
        Files.write(root.resolve("data").resolve(FILE), lines);
        assertThat(read("stepcast").get(0).windows()).containsExactly(new RowWindow(10, 14));
    }

    @Test
    void defaultDetectorIsTheOnlyFolderElseStepcast() throws IOException {
        Path results = root.resolve("results");
        assertThat(NabCorpusReader.defaultDetector(results)).isEqualTo("stepcast");
        Files.createDirectories(results.resolve("numenta"));
        assertThat(NabCorpusReader.defaultDetector(results)).isEqualTo("stepcast");
        Files.delete(NabFixture.resultsFile(root, "stepcast", FILE));
        Files.delete(NabFixture.resultsFile(root, "stepcast", FILE).getParent());
        Files.delete(results.resolve("stepcast"));
        Files.createDirectories(results.resolve("htm"));
        assertThatThrownBy(() -> NabCorpusReader.defaultDetector(results))
                .hasMessageContaining("[htm, numenta]")
                .hasMessageContaining("--detector");
    }

    @Test
    void missingDataFileIsNamed() throws IOException {
        Files.delete(root.resolve("data").resolve(FILE));
        assertThatThrownBy(() -> read("stepcast"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        NabFixture.resultsFile(root, "stepcast", FILE).toString())
                .hasMessageContaining(root.resolve("data").resolve(FILE) + " does not exist");
    }

    @Test
    void rowCountMismatchNamesBothFiles() throws IOException {
        NabFixture.writeResults(root, "stepcast", FILE, new double[ROWS - 1]);
        assertThatThrownBy(() -> read("stepcast"))
                .hasMessageContaining(NabFixture.resultsFile(root, "stepcast", FILE) + " has 39 rows")
                .hasMessageContaining(root.resolve("data").resolve(FILE) + " has 40");
    }

    @Test
    void scoreOutsideZeroToOneNamesFileAndLine() throws IOException {
        double[] scores = new double[ROWS];
        scores[5] = 1.5;
        NabFixture.writeResults(root, "stepcast", FILE, scores);
        assertThatThrownBy(() -> read("stepcast"))
                .isInstanceOf(IOException.class)
                .hasMessage(NabFixture.resultsFile(root, "stepcast", FILE)
                        + " line 7: anomaly_score '1.5' is not a number in [0, 1]");
    }

    @Test
    void scoreThatIsNotANumberNamesFileAndLine() throws IOException {
        Path results = NabFixture.resultsFile(root, "stepcast", FILE);
        List<String> lines = Files.readAllLines(results);
        lines.set(3, lines.get(3).replaceFirst(",[^,]*$", ",high"));
        lines.set(4, lines.get(4).replaceFirst(",[^,]*$", ",NaN"));
        Files.write(results, lines);
        assertThatThrownBy(() -> read("stepcast"))
                .hasMessage(results + " line 4: anomaly_score 'high' is not a number in [0, 1]");
        lines.set(3, lines.get(4));
        Files.write(results, lines);
        assertThatThrownBy(() -> read("stepcast"))
                .hasMessage(results + " line 4: anomaly_score 'NaN' is not a number in [0, 1]");
    }

    @Test
    void blankLinesAreNoRows() throws IOException {
        Path results = NabFixture.resultsFile(root, "stepcast", FILE);
        Files.writeString(results, Files.readString(results).replaceFirst("\n", "\n\n") + "\n");
        assertThat(read("stepcast").get(0).rows()).isEqualTo(ROWS);
    }

    @Test
    void resultsWithoutAnAnomalyScoreColumnAreRefused() throws IOException {
        Path results = NabFixture.resultsFile(root, "stepcast", FILE);
        Files.writeString(results, "timestamp,value\n");
        assertThatThrownBy(() -> read("stepcast")).hasMessage(results + " has no 'anomaly_score' column in its header");
    }

    @Test
    void resultsForAFileTheLabelsDoNotHaveAreNamed() throws IOException {
        NabFixture.writeResults(root, "stepcast", "realTest/other.csv", new double[ROWS]);
        assertThatThrownBy(() -> read("stepcast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("have no entry for realTest/other.csv")
                .hasMessageContaining(NabFixture.resultsFile(root, "stepcast", "realTest/other.csv")
                        .toString());
    }

    @Test
    void labelledFileWithoutResultsIsNamed() throws IOException {
        Files.delete(NabFixture.resultsFile(root, "stepcast", FILE));
        assertThatThrownBy(() -> read("stepcast"))
                .hasMessage("no results for " + FILE + ": expected " + NabFixture.resultsFile(root, "stepcast", FILE));
    }

    @Test
    void resultsFileWithoutTheDetectorPrefixIsNamed() throws IOException {
        Path stray = NabFixture.resultsFile(root, "stepcast", FILE).resolveSibling("series.csv");
        Files.writeString(stray, "timestamp,value,anomaly_score\n");
        assertThatThrownBy(() -> read("stepcast")).hasMessage(stray + " is not named stepcast_<data file>.csv");
    }

    @Test
    void detectorNamesWithUnderscoreOrDotAreRefused() {
        assertThatThrownBy(() -> read("my_detector")).hasMessageContaining("must not contain '_' or '.'");
    }

    @Test
    void nabScoreSummariesBesideTheCategoriesAreNotResults() throws IOException {
        Files.writeString(
                root.resolve("results").resolve("stepcast").resolve("stepcast_standard_scores.csv"),
                "Detector,Profile,File,Threshold,Score\n");
        assertThat(read("stepcast")).hasSize(1);
    }

    @Test
    void windowHoldingNoRowIsNamed() throws IOException {
        Files.writeString(
                NabFixture.labelsFile(root),
                "{\"" + FILE + "\": [[\"2020-01-01 00:00:00.000000\", \"2020-01-02 00:00:00.000000\"]]}");
        assertThatThrownBy(() -> read("stepcast"))
                .hasMessageContaining(FILE)
                .hasMessageContaining("[2020-01-01T00:00:00Z, 2020-01-02T00:00:00Z]")
                .hasMessageContaining("none of its rows");
    }

    @Test
    void malformedLabelsNameTheFileAndEntry() throws IOException {
        Path labels = NabFixture.labelsFile(root);
        Files.writeString(labels, "{\"" + FILE + "\": [[\"2014-04-01 00:50:00.000000\"]]}");
        assertThatThrownBy(() -> NabLabels.read(NabFixture.labelsFile(root)))
                .hasMessageContaining(labels.toString())
                .hasMessageContaining(FILE)
                .hasMessageContaining("[start, end] pair");
        Files.writeString(labels, "[1, 2]");
        assertThatThrownBy(() -> NabLabels.read(NabFixture.labelsFile(root)))
                .hasMessageContaining(labels + ": not NAB label windows");
    }
}
