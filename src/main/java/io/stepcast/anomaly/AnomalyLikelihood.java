package io.stepcast.anomaly;

import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import org.apache.commons.math3.special.Erf;

/**
 * The anomaly score: how unlikely the key's recent prediction errors are, given its usual errors, in
 * [0, 1]. O(1) memory per key, all of it in {@link KeyState}.
 *
 * <ol>
 *   <li>Raw error: the root mean square over features of this event's prediction error in the key's
 *       normalised units, so one threshold serves keys of any scale.</li>
 *   <li>Likelihood: the mean of the last {@code anomaly.shortWindow} raw errors against the long-term
 *       running mean and variance of raw errors ({@code anomaly.window}); the standard error of that
 *       short mean turns it into {@code z}, and the score is the Gaussian probability that a usual
 *       short mean is smaller, {@code Φ(z)}: 0.5 is ordinary, 0.9999 is 3.7 standard errors out.
 *       A short window of 1 scores single spikes; longer ones see sustained drifts before any single
 *       error shows them. The error is folded into the statistics after scoring, so a spike cannot
 *       hide itself.</li>
 *   <li>New range ({@code anomaly.rangeCheck}): a value beyond the range the key has shown so far, by
 *       more than {@code anomaly.rangeMargin} of that range, scores 1 whatever the model predicted: a
 *       level never seen before is news even when the model follows it at once.</li>
 * </ol>
 * Until {@code anomaly.warmup} errors were seen the score is 0.
 */
public final class AnomalyLikelihood {
    /** Variance floor, normalised units: a key predicted perfectly so far must not divide by zero. */
    private static final double MIN_VARIANCE = 1e-12;

    private AnomalyLikelihood() {}

    /** Scores one event from its normalised prediction errors and observed values, then learns from it. */
    public static double scoreAndLearn(KeyState s, double[] normalisedError, double[] observed,
            JobSpec.Anomaly settings) {
        double raw = rootMeanSquare(normalisedError);
        int k = s.recentErrors.length;
        s.recentErrors[(int) (s.errCount % k)] = raw;
        double score = 0;
        if (s.errCount >= settings.warmup()) {
            int n = (int) Math.min(s.errCount + 1, k);
            double shortMean = 0;
            for (int i = 0; i < n; i++) {
                shortMean += s.recentErrors[i];
            }
            shortMean /= n;
            double standardError = Math.sqrt(Math.max(s.errVar, MIN_VARIANCE) / n);
            score = 0.5 * Erf.erfc(-(shortMean - s.errMean) / standardError / Math.sqrt(2));
            if (settings.rangeCheck() && outsideRange(s, observed, settings.rangeMargin())) {
                score = 1;
            }
        }
        learnRange(s, observed);
        s.errCount++;
        // the running mean and variance of Moments, for the one raw-error slot
        double alpha = 1.0 / Math.min(s.errCount, settings.window());
        double d = raw - s.errMean;
        s.errMean += alpha * d;
        s.errVar = (1 - alpha) * (s.errVar + alpha * d * d);
        return score;
    }

    private static double rootMeanSquare(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum / values.length);
    }

    private static boolean outsideRange(KeyState s, double[] observed, double margin) {
        for (int f = 0; f < observed.length; f++) {
            double slack = margin * (s.valueMax[f] - s.valueMin[f]);
            if (observed[f] > s.valueMax[f] + slack || observed[f] < s.valueMin[f] - slack) {
                return true;
            }
        }
        return false;
    }

    private static void learnRange(KeyState s, double[] observed) {
        for (int f = 0; f < observed.length; f++) {
            boolean first = s.errCount == 0;
            s.valueMin[f] = first ? observed[f] : Math.min(s.valueMin[f], observed[f]);
            s.valueMax[f] = first ? observed[f] : Math.max(s.valueMax[f], observed[f]);
        }
    }
}
