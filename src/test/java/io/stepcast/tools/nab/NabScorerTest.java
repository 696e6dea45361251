package io.stepcast.tools.nab;

import static io.stepcast.tools.nab.NabFixture.firingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {
    private static final double EXACT = 1e-15;
    private static final double THRESHOLD = 0.5;
    private static final NabScorer STANDARD = new NabScorer(NabProfile.STANDARD);

    /** 40 rows (probation 6), one window over rows 10..14. */
    private static ScoredFile windowAt10(double[] scores) {
        return new ScoredFile("a/file.csv", scores, List.of(new RowWindow(10, 14)));
    }

    @Test
    void onlyTheFirstDetectionInAWindowCounts() {
        NabScorer.FileScore score = STANDARD.score(windowAt10(firingAt(40, 12, 10, 11, 14)), THRESHOLD);
        assertThat(score).isEqualTo(new NabScorer.FileScore(1.0, 1, 0, 0));
    }

    @Test
    void aLaterFirstDetectionEarnsLess() {
        NabScorer.FileScore score = STANDARD.score(windowAt10(firingAt(40, 12, 13)), THRESHOLD);
        assertThat(score.raw()).isCloseTo(Math.tanh(1.5) / Math.tanh(2.5), within(EXACT));
        assertThat(score.tp()).isEqualTo(1);
    }

    @Test
    void aMissedWindowCostsTheFnWeight() {
        assertThat(STANDARD.score(windowAt10(new double[40]), THRESHOLD))
                .isEqualTo(new NabScorer.FileScore(-1.0, 0, 0, 1));
        assertThat(new NabScorer(NabProfile.REWARD_LOW_FN).score(windowAt10(new double[40]), THRESHOLD))
                .isEqualTo(new NabScorer.FileScore(-2.0, 0, 0, 1));
    }

    @Test
    void eachFalseDetectionCostsTheFpWeightScaledByItsDistanceAfterTheWindow() {
        NabScorer.FileScore score = STANDARD.score(windowAt10(firingAt(40, 15, 27)), THRESHOLD);
        assertThat(score.raw()).isCloseTo(-1.0 - 0.11 * Math.tanh(0.625) - 0.11, within(EXACT));
        assertThat(score.fp()).isEqualTo(2);
        assertThat(score.fn()).isEqualTo(1);
    }

    @Test
    void falseDetectionBeforeAnyWindowCostsTheFullFpWeight() {
        assertThat(STANDARD.score(windowAt10(firingAt(40, 7, 10)), THRESHOLD))
                .isEqualTo(new NabScorer.FileScore(1.0 - 0.11, 1, 1, 0));
    }

    @Test
    void probationaryRowsAreNeverDetections() {
        assertThat(STANDARD.score(windowAt10(firingAt(40, 0, 5)), THRESHOLD))
                .isEqualTo(new NabScorer.FileScore(-1.0, 0, 0, 1));
    }

    @Test
    void aScoreEqualToTheThresholdIsADetection() {
        double[] scores = new double[40];
        scores[10] = THRESHOLD;
        assertThat(STANDARD.score(windowAt10(scores), THRESHOLD).tp()).isEqualTo(1);
        assertThat(STANDARD.score(windowAt10(scores), Math.nextUp(THRESHOLD)).tp())
                .isZero();
    }

    @Test
    void aWindowInsideTheProbationaryPeriodIsNeitherRewardedNorCharged() {
        // rows 2..4 (width 3) lie before row 6; a detection at 7 is still measured from that window's end
        ScoredFile file = new ScoredFile("a/early.csv", firingAt(40, 3, 7), List.of(new RowWindow(2, 4)));
        NabScorer.FileScore score = STANDARD.score(file, THRESHOLD);
        assertThat(score.raw()).isCloseTo(-0.11 * Math.tanh(3.75), within(EXACT));
        assertThat(score)
                .extracting(NabScorer.FileScore::tp, NabScorer.FileScore::fp, NabScorer.FileScore::fn)
                .containsExactly(0, 1, 0);
    }

    @Test
    void aWindowStraddlingTheProbationaryPeriodCountsFromItsFirstScoredRow() {
        // rows 4..9 (width 6); row 6 is the first scored: p = −(9 − 6 + 1) / 6
        ScoredFile file = new ScoredFile("a/straddle.csv", firingAt(40, 5, 6), List.of(new RowWindow(4, 9)));
        assertThat(STANDARD.score(file, THRESHOLD).raw()).isCloseTo(Math.tanh(5.0 / 3) / Math.tanh(2.5), within(EXACT));
    }

    @Test
    void nothingFiresAboveEveryScore() {
        ScoredFile file = windowAt10(firingAt(40, 7, 10));
        assertThat(STANDARD.score(file, NabScorer.NO_DETECTIONS)).isEqualTo(new NabScorer.FileScore(-1.0, 0, 0, 1));
    }

    @Test
    void profilesWeighTpFpAndFnAsNabsProfilesJson() {
        assertThat(NabProfile.values())
                .extracting(NabProfile::nabName, NabProfile::tpWeight, NabProfile::fpWeight, NabProfile::fnWeight)
                .containsExactly(
                        tuple("standard", 1.0, 0.11, 1.0),
                        tuple("reward_low_FP_rate", 1.0, 0.22, 1.0),
                        tuple("reward_low_FN_rate", 1.0, 0.11, 2.0));
        // one window caught at its start, one missed, one false detection far from both
        ScoredFile file = new ScoredFile(
                "a/mixed.csv", firingAt(100, 20, 90), List.of(new RowWindow(20, 24), new RowWindow(40, 44)));
        assertThat(new NabScorer(NabProfile.STANDARD).score(file, THRESHOLD).raw())
                .isCloseTo(-0.11, within(EXACT));
        assertThat(new NabScorer(NabProfile.REWARD_LOW_FP)
                        .score(file, THRESHOLD)
                        .raw())
                .isCloseTo(-0.22, within(EXACT));
        assertThat(new NabScorer(NabProfile.REWARD_LOW_FN)
                        .score(file, THRESHOLD)
                        .raw())
                .isCloseTo(-1.11, within(EXACT));
    }
}
