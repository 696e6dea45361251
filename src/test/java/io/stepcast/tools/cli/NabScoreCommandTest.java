package io.stepcast.tools.cli;

import static io.stepcast.tools.nab.NabFixture.firingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.tools.nab.NabFixture;
import io.stepcast.tools.nab.RowWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nab-score} on a generated two-file corpus in NAB's layout. */
class NabScoreCommandTest {
    private static final String CAUGHT = "realTest/caught.csv";
    private static final String MISSED = "artificialTest/missed.csv";
    private static final int ROWS = 100;

    @TempDir
    Path root;

    @BeforeEach
    void corpus() throws IOException {
        NabFixture.writeLabels(
                root,
                Map.of(
                        CAUGHT, List.of(new RowWindow(20, 24), new RowWindow(60, 64)),
                        MISSED, List.of(new RowWindow(40, 49))));
        // CAUGHT: both windows at their first row, one false detection far after the second; MISSED: nothing
        NabFixture.writeDataAndResults(root, "stepcast", CAUGHT, firingAt(ROWS, 20, 60, 90));
        NabFixture.writeDataAndResults(root, "stepcast", MISSED, new double[ROWS]);
    }

    private String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(
                "nab-score",
                "--results",
                root.resolve("results").toString(),
                "--labels",
                NabFixture.labelsFile(root).toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void printsTheProfileScoresThresholdsAndAPerFileTable() {
        String out = Cli.run(args());
        // standard: raw 2 − 0.11 − 1 = 0.89, null −3, perfect 3: 100 · 3.89 / 6 = 64.83
        // reward low FP: raw 2 − 0.22 − 1 = 0.78: 100 · 3.78 / 6 = 63.00
        // reward low FN: raw 2 − 0.11 − 2 = −0.11, null −6: 100 · 5.89 / 9 = 65.44
        assertThat(out)
                .contains("NAB v1.1 scores of 'stepcast': 2 files, 3 windows")
                .containsPattern("standard +64\\.83 +1\\.0 +0\\.890 +3\\.000 +-3\\.000")
                .containsPattern("reward_low_FP_rate +63\\.00 +1\\.0 +0\\.780 +3\\.000 +-3\\.000")
                .containsPattern("reward_low_FN_rate +65\\.44 +1\\.0 +-0\\.110 +3\\.000 +-6\\.000")
                .contains("standard profile at threshold 1.0 ")
                .containsPattern(CAUGHT + " +2 +2 +1 +0 +1\\.890")
                .containsPattern(MISSED + " +1 +0 +0 +1 +-1\\.000");
    }

    @Test
    void jsonIsOneObjectWithProfilesAndFiles() throws Exception {
        JsonNode json = JsonMapper.builder().build().readTree(Cli.run(args("--json", "--detector", "stepcast")));
        JsonNode standard = json.get("profiles").get("standard");
        assertThat(standard.get("score").asDouble()).isCloseTo(100 * 3.89 / 6, within(1e-9));
        assertThat(standard.get("threshold").asDouble()).isEqualTo(1.0);
        assertThat(standard.get("null").asDouble()).isEqualTo(-3.0);
        assertThat(json.get("files")
                        .get(CAUGHT)
                        .get("reward_low_FN_rate")
                        .get("fp")
                        .asInt())
                .isEqualTo(1);
        assertThat(json.get("files").get(MISSED).get("standard").get("fn").asInt())
                .isEqualTo(1);
    }

    @Test
    void dataFolderCanBeGivenExplicitly() {
        assertThat(Cli.run(args("--data", root.resolve("data").toString()))).contains("2 files, 3 windows");
    }

    @Test
    void aBadScoreFailsNamingTheFileAndLine() throws IOException {
        double[] scores = new double[ROWS];
        scores[0] = -0.5;
        NabFixture.writeResults(root, "stepcast", MISSED, scores);
        StringWriter err = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true))
                .execute(args());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("error: " + NabFixture.resultsFile(root, "stepcast", MISSED)
                        + " line 2: anomaly_score '-0.5' is not a number in [0, 1]");
    }
}
