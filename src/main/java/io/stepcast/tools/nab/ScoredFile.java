package io.stepcast.tools.nab;

import java.util.List;

/**
 * One corpus file as NAB's scoring sees it: the detector's anomaly score per row, the label windows
 * as row spans, the probationary rows, and what a detection at each row is worth.
 *
 * <p>A row's worth does not depend on the profile, which only multiplies it by its TP or FP weight.
 * Inside a window it is the scaled sigmoid {@code A(p) = 2·sigmoid(−5p) − 1} of the row's relative
 * position {@code p}, divided by {@code A(−1)} so that a detection at the window's first row earns
 * exactly the TP weight. Outside every window it is negative: {@code A} of the distance after the
 * preceding window's end, or −1 (the full FP cost) before the first window.
 *
 * <p>Details EVALUATION.md leaves open, taken from NAB's {@code sweeper.py} (the code behind NAB
 * v1.1's scores): the position inside a window is {@code p = −(last − row + 1) / width}, so the
 * first row sits at −1 and the last row at −1/width, not 0 (NAB's older {@code scorer.py} used
 * {@code −(last − row) / (width − 1)}); the distance after a window is {@code (row − last) / (width − 1)}
 * of the preceding window; beyond a distance of 3, {@code A} is clamped to exactly −1. Where NAB's
 * code divides by zero (a false detection after a one-row window) the distance is infinite here,
 * so it costs the full FP weight.
 */
public final class ScoredFile {
    /** NAB's probationary share of a file: the rows a detector may spend learning, never scored. */
    static final double PROBATIONARY_SHARE = 0.15;
    /** NAB caps the probationary period at 0.15 × 5000 rows. */
    static final int MAX_PROBATIONARY_ROWS = 750;
    /** Past this many window widths after a window NAB charges the full FP cost. */
    private static final double FULL_COST_DISTANCE = 3.0;
    /** The sigmoid's steepness in {@code A(p) = 2·sigmoid(−5p) − 1}. */
    private static final double STEEPNESS = 5.0;
    /** A detection at a window's first row: the most a window can earn, which TP worth is scaled to. */
    private static final double EARLIEST = scaledSigmoid(-1.0);

    private static final int OUTSIDE = -1;

    private final String name;
    private final double[] scores;
    private final List<RowWindow> windows;
    private final int probationaryRows;
    private final int[] windowOfRow;
    private final double[] worth;

    /**
     * @param name    the data file, as keyed in the labels ({@code category/file.csv})
     * @param scores  the anomaly score of every row, in [0, 1]
     * @param windows the label windows in row order, not overlapping
     */
    public ScoredFile(String name, double[] scores, List<RowWindow> windows) {
        this.name = name;
        this.scores = scores.clone();
        this.windows = List.copyOf(windows);
        this.probationaryRows = probationaryRows(scores.length);
        this.windowOfRow = new int[scores.length];
        this.worth = new double[scores.length];
        int previousLast = OUTSIDE;
        for (int w = 0; w < this.windows.size(); w++) {
            RowWindow window = this.windows.get(w);
            if (window.first() <= previousLast || window.last() >= scores.length) {
                throw new IllegalArgumentException(name + ": window rows " + window.first() + ".." + window.last()
                        + " overlap the previous window or run past the file's " + scores.length + " rows");
            }
            previousLast = window.last();
        }
        rateRows();
    }

    /** NAB's probationary period: the first min(floor(0.15 × rows), 750) rows. */
    public static int probationaryRows(int rows) {
        return (int) Math.min(Math.floor(PROBATIONARY_SHARE * rows), MAX_PROBATIONARY_ROWS);
    }

    /** {@code 2·sigmoid(−5p) − 1}, and exactly −1 for positions past {@value #FULL_COST_DISTANCE}, as in NAB. */
    static double scaledSigmoid(double position) {
        if (position > FULL_COST_DISTANCE) {
            return -1.0;
        }
        return 2 / (1 + Math.exp(STEEPNESS * position)) - 1;
    }

    private void rateRows() {
        RowWindow previous = null;
        int next = 0;
        for (int row = 0; row < scores.length; row++) {
            RowWindow window = next < windows.size() ? windows.get(next) : null;
            if (window != null && window.contains(row)) {
                windowOfRow[row] = next;
                worth[row] = scaledSigmoid(-(double) (window.last() - row + 1) / window.width()) / EARLIEST;
                if (row == window.last()) {
                    previous = window;
                    next++;
                }
            } else {
                windowOfRow[row] = OUTSIDE;
                worth[row] = previous == null
                        ? -1.0
                        : scaledSigmoid((double) (row - previous.last()) / (previous.width() - 1));
            }
        }
    }

    public String name() {
        return name;
    }

    public int rows() {
        return scores.length;
    }

    public double score(int row) {
        return scores[row];
    }

    public List<RowWindow> windows() {
        return windows;
    }

    public int probationaryRows() {
        return probationaryRows;
    }

    /** The index in {@link #windows()} of the window holding {@code row}, or −1 outside every window. */
    public int windowOf(int row) {
        return windowOfRow[row];
    }

    /** What a detection at {@code row} adds per unit of TP weight (in a window) or FP weight (outside). */
    public double worth(int row) {
        return worth[row];
    }

    /**
     * Whether NAB scores this window at all: a window wholly inside the probationary period has no
     * row a detection could count at, and NAB neither rewards nor charges it.
     */
    public boolean isScored(RowWindow window) {
        return window.last() >= probationaryRows;
    }
}
