package io.stepcast.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ThresholdSweepTest {
    private static final double ROUNDING = 1e-9;

    /**
     * File A: 20 rows (probation 3), a window over rows 10..14 scored 0.9 at its first row and 0.8 at
     * row 12. File B: 30 rows (probation 4), no window, ten rows scored 0.95: ten false detections
     * before any window if the threshold goes below 0.95.
     */
    private static List<ScoredFile> twoFiles() {
        double[] a = new double[20];
        a[10] = 0.9;
        a[12] = 0.8;
        double[] b = new double[30];
        for (int row = 10; row < 20; row++) {
            b[row] = 0.95;
        }
        return List.of(
                new ScoredFile("x/a.csv", a, List.of(new RowWindow(10, 14))), new ScoredFile("x/b.csv", b, List.of()));
    }

    @ParameterizedTest
    @EnumSource(names = {"STANDARD", "REWARD_LOW_FN"})
    void profilesWithFalseDetectionsAt011TakeTheWindowDespiteTenOfThem(NabProfile profile) {
        // standard: 1.1: −1 (missed); 0.95: −1 − 10·0.11; 0.9: 1 − 10·0.11 = −0.1; 0.8: the same; 0: worse.
        // reward low FN misses for −2 instead: 0.9 wins by more
        ThresholdSweep.Best best = new ThresholdSweep(twoFiles()).best(profile);
        assertThat(best.threshold()).isEqualTo(0.9);
        assertThat(best.raw()).isCloseTo(-0.1, within(ROUNDING));
    }

    @Test
    void rewardLowFpProfileFiresNothingRatherThanPayTenFalseDetections() {
        // 0.9: 1 − 10·0.22 = −1.2 is worse than missing the window: −1
        ThresholdSweep.Best best = new ThresholdSweep(twoFiles()).best(NabProfile.REWARD_LOW_FP);
        assertThat(best).isEqualTo(new ThresholdSweep.Best(NabScorer.NO_DETECTIONS, -1.0));
    }

    @Test
    void onEqualTotalsTheHigherThresholdWins() {
        // 0.8 adds only a later detection in an already detected window: the same total as 0.9
        assertThat(new ThresholdSweep(twoFiles()).best(NabProfile.STANDARD).threshold())
                .isEqualTo(0.9);
    }

    @Test
    void probationaryScoresAreNotCandidates() {
        double[] scores = new double[20];
        scores[1] = 0.7;
        scores[10] = 0.6;
        ThresholdSweep.Best best = new ThresholdSweep(
                        List.of(new ScoredFile("x/p.csv", scores, List.of(new RowWindow(10, 14)))))
                .best(NabProfile.STANDARD);
        assertThat(best).isEqualTo(new ThresholdSweep.Best(0.6, 1.0));
    }

    @RepeatedTest(5)
    void findsTheBestOfScoringEveryCandidateAfresh(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        List<ScoredFile> files = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            int rows = 60 + random.nextInt(200);
            double[] scores = new double[rows];
            // few distinct values, so many rows tie
            for (int row = 0; row < rows; row++) {
                scores[row] = random.nextInt(12) / 11.0;
            }
            List<RowWindow> windows = new ArrayList<>();
            for (int first = random.nextInt(20); first + 8 < rows; first += 10 + random.nextInt(40)) {
                windows.add(new RowWindow(first, first + random.nextInt(8)));
            }
            files.add(new ScoredFile("x/random" + f + ".csv", scores, windows));
        }
        TreeSet<Double> candidates = new TreeSet<>(List.of(NabScorer.NO_DETECTIONS));
        files.forEach(file -> {
            for (int row = file.probationaryRows(); row < file.rows(); row++) {
                candidates.add(file.score(row));
            }
        });
        ThresholdSweep sweep = new ThresholdSweep(files);
        for (NabProfile profile : NabProfile.values()) {
            NabScorer scorer = new NabScorer(profile);
            double bruteForce = candidates.stream()
                    .mapToDouble(t -> files.stream()
                            .mapToDouble(file -> scorer.score(file, t).raw())
                            .sum())
                    .max()
                    .orElseThrow();
            ThresholdSweep.Best best = sweep.best(profile);
            double atBest = files.stream()
                    .mapToDouble(file -> scorer.score(file, best.threshold()).raw())
                    .sum();
            assertThat(best.raw()).as(profile.nabName()).isCloseTo(bruteForce, within(ROUNDING));
            assertThat(atBest).as(profile.nabName()).isCloseTo(bruteForce, within(ROUNDING));
        }
    }
}
