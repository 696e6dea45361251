package io.stepcast.tools.nab;

import java.util.Arrays;
import java.util.List;

/**
 * Chooses one threshold per profile for the whole corpus, as NAB's {@code sweeper.py} does: every
 * distinct score of a scored (non-probationary) row is a candidate, and so is "nothing fires"
 * ({@link NabScorer#NO_DETECTIONS}); the candidate with the best corpus total wins.
 *
 * <p>The rows are sorted once by score, highest first. Lowering the threshold past a group of equal
 * scores turns exactly those rows into detections, so the total is updated by their worth alone: a
 * false detection adds its FP worth, a row in a window raises that window's part to the row's TP worth
 * if it is the best yet (the earliest detection). That is O(n log n) for the sort and O(n) per profile,
 * where scoring every candidate afresh would be O(n × distinct scores).
 *
 * <p>On equal totals the higher threshold wins, as in NAB (its stable sort by total keeps the first
 * candidate, and candidates come highest first).
 */
public final class ThresholdSweep {
    private final List<ScoredFile> files;
    private final int[] fileOf;
    private final int[] rowOf;
    private final double[] scoreOf;

    /** The winning threshold and the corpus's raw score at it. */
    public record Best(double threshold, double raw) {}

    public ThresholdSweep(List<ScoredFile> files) {
        this.files = List.copyOf(files);
        int count = this.files.stream()
                .mapToInt(f -> f.rows() - f.probationaryRows())
                .sum();
        int[] unsortedFile = new int[count];
        int[] unsortedRow = new int[count];
        double[] unsortedScore = new double[count];
        int next = 0;
        for (int f = 0; f < this.files.size(); f++) {
            ScoredFile file = this.files.get(f);
            for (int row = file.probationaryRows(); row < file.rows(); row++, next++) {
                unsortedFile[next] = f;
                unsortedRow[next] = row;
                unsortedScore[next] = file.score(row);
            }
        }
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(unsortedScore[b], unsortedScore[a]));
        fileOf = new int[count];
        rowOf = new int[count];
        scoreOf = new double[count];
        for (int i = 0; i < count; i++) {
            fileOf[i] = unsortedFile[order[i]];
            rowOf[i] = unsortedRow[order[i]];
            scoreOf[i] = unsortedScore[order[i]];
        }
    }

    public Best best(NabProfile profile) {
        // each scored window's part of the total: −FN weight until a detection lands in it
        double[][] windowParts = new double[files.size()][];
        double raw = 0;
        for (int f = 0; f < files.size(); f++) {
            ScoredFile file = files.get(f);
            windowParts[f] = new double[file.windows().size()];
            for (int w = 0; w < windowParts[f].length; w++) {
                if (file.isScored(file.windows().get(w))) {
                    windowParts[f][w] = -profile.fnWeight();
                    raw -= profile.fnWeight();
                }
            }
        }
        Best best = new Best(NabScorer.NO_DETECTIONS, raw);
        for (int i = 0; i < scoreOf.length; ) {
            double threshold = scoreOf[i];
            for (; i < scoreOf.length && scoreOf[i] == threshold; i++) {
                ScoredFile file = files.get(fileOf[i]);
                int window = file.windowOf(rowOf[i]);
                if (window < 0) {
                    raw += profile.fpWeight() * file.worth(rowOf[i]);
                } else {
                    double earned = profile.tpWeight() * file.worth(rowOf[i]);
                    double[] parts = windowParts[fileOf[i]];
                    if (earned > parts[window]) {
                        raw += earned - parts[window];
                        parts[window] = earned;
                    }
                }
            }
            if (raw > best.raw()) {
                best = new Best(threshold, raw);
            }
        }
        return best;
    }
}
