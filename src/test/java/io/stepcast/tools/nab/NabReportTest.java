package io.stepcast.tools.nab;

import static io.stepcast.tools.nab.NabFixture.firingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabReportTest {
    /** Two files: windows over rows 10..14 of A and 20..24 and 40..44 of B; 100 rows each (probation 15). */
    private static List<ScoredFile> files(double[] a, double[] b) {
        return List.of(
                new ScoredFile("x/a.csv", a, List.of(new RowWindow(20, 24))),
                new ScoredFile("x/b.csv", b, List.of(new RowWindow(20, 24), new RowWindow(40, 44))));
    }

    @Test
    void detectingEveryWindowAtItsFirstRowScores100() {
        NabReport report = NabReport.of("perfect", files(firingAt(100, 20), firingAt(100, 20, 40)));
        for (NabProfile profile : NabProfile.values()) {
            NabReport.ProfileResult result = report.profile(profile);
            assertThat(result.score()).as(profile.nabName()).isEqualTo(100.0);
            assertThat(result.raw()).isEqualTo(result.perfect()).isEqualTo(3.0);
            assertThat(result.threshold()).isEqualTo(1.0);
        }
        assertThat(report.profile(NabProfile.STANDARD).nullRaw()).isEqualTo(-3.0);
        assertThat(report.profile(NabProfile.REWARD_LOW_FN).nullRaw()).isEqualTo(-6.0);
    }

    @Test
    void neverFiringScoresZero() {
        NabReport report = NabReport.of("null", files(new double[100], new double[100]));
        for (NabProfile profile : NabProfile.values()) {
            assertThat(report.profile(profile).score()).as(profile.nabName()).isEqualTo(0.0);
            assertThat(report.profile(profile).threshold()).isEqualTo(NabScorer.NO_DETECTIONS);
        }
    }

    @Test
    void scoreIsNormalisedBetweenNullAndPerfect() {
        // A caught at its start, B's two windows missed: raw 1 − 2 = −1, null −3, perfect 3
        NabReport report = NabReport.of("half", files(firingAt(100, 20), new double[100]));
        assertThat(report.profile(NabProfile.STANDARD).score()).isCloseTo(100 * 2.0 / 6, within(1e-12));
        // reward low FN: raw 1 − 4 = −3, null −6, perfect 3
        assertThat(report.profile(NabProfile.REWARD_LOW_FN).score()).isCloseTo(100 * 3.0 / 9, within(1e-12));
    }

    @Test
    void jsonHoldsProfilesAndPerFileCounts() throws Exception {
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(NabReport.of("stepcast", files(firingAt(100, 20, 60), new double[100]))
                        .toJson());
        assertThat(json.get("detector").asText()).isEqualTo("stepcast");
        JsonNode standard = json.get("profiles").get("standard");
        assertThat(standard.get("threshold").asDouble()).isEqualTo(1.0);
        assertThat(standard.get("perfect").asDouble()).isEqualTo(3.0);
        assertThat(standard.get("null").asDouble()).isEqualTo(-3.0);
        assertThat(standard.get("raw").asDouble()).isCloseTo(1 - 0.11 - 2, within(1e-12));
        assertThat(json.get("profiles").fieldNames())
                .toIterable()
                .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
        JsonNode a = json.get("files").get("x/a.csv").get("standard");
        assertThat(List.of(a.get("tp").asInt(), a.get("fp").asInt(), a.get("fn").asInt()))
                .containsExactly(1, 1, 0);
        JsonNode b = json.get("files").get("x/b.csv").get("standard");
        assertThat(List.of(b.get("tp").asInt(), b.get("fp").asInt(), b.get("fn").asInt()))
                .containsExactly(0, 0, 2);
    }

    @Test
    void aCorpusWithoutWindowsHasNoNormalisedScore() {
        assertThatThrownBy(() -> NabReport.of("any", List.of(new ScoredFile("x/a.csv", new double[40], List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no window");
    }
}
