package io.stepcast.tools.nab;

/**
 * Scores one file under one profile at one threshold, the rules applied directly row by row
 * ({@link ThresholdSweep} finds the threshold; this scores the files at it).
 *
 * <ul>
 *   <li>A row is a detection when its score is at least the threshold (NAB's
 *       {@code convertAnomalyScoresToDetections} and its sweep both count a score equal to the
 *       threshold). Probationary rows are never detections.
 *   <li>A window with a detection earns the TP weight times the worth of its first detection (the
 *       earliest is worth most; later ones add nothing). A window without one costs the FN weight.
 *   <li>Every detection outside the windows adds the FP weight times its (negative) worth.
 * </ul>
 *
 * <p>The counts differ from NAB's results CSV on purpose: there TP and FN count rows inside windows;
 * here they count windows, the unit the score rewards. FP counts detections in both. NAB looks a file's
 * score up in the file's own sweep, which finds nothing when the threshold is below all of the file's
 * scores; counting directly has no such gap.
 */
public final class NabScorer {
    /** NAB's sweep starts here: above every score in [0, 1], so no row is a detection. */
    public static final double NO_DETECTIONS = 1.1;

    private final NabProfile profile;

    public NabScorer(NabProfile profile) {
        this.profile = profile;
    }

    /** A file's raw score and its detected windows (tp), false detections (fp) and missed windows (fn). */
    public record FileScore(double raw, int tp, int fp, int fn) {}

    public FileScore score(ScoredFile file, double threshold) {
        double raw = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (RowWindow window : file.windows()) {
            if (!file.isScored(window)) {
                continue;
            }
            int detection = firstDetection(file, window, threshold);
            if (detection < 0) {
                fn++;
                raw -= profile.fnWeight();
            } else {
                tp++;
                raw += profile.tpWeight() * file.worth(detection);
            }
        }
        for (int row = file.probationaryRows(); row < file.rows(); row++) {
            if (file.windowOf(row) < 0 && file.score(row) >= threshold) {
                fp++;
                raw += profile.fpWeight() * file.worth(row);
            }
        }
        return new FileScore(raw, tp, fp, fn);
    }

    private static int firstDetection(ScoredFile file, RowWindow window, double threshold) {
        for (int row = Math.max(window.first(), file.probationaryRows()); row <= window.last(); row++) {
            if (file.score(row) >= threshold) {
                return row;
            }
        }
        return -1;
    }
}
