package io.stepcast.anomaly;

import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import io.stepcast.state.Moments;
import org.apache.commons.math3.special.Erf;

/**
 * The anomaly score: how far this event's prediction error lies from the key's usual errors.
 *
 * <p>Errors are in the key's normalised units, so one threshold serves keys of any scale. Per
 * feature, {@code z = (e − mean) / sd} against the key's running error statistics; features combine
 * as the root mean square of their z. The score is the two-sided Gaussian probability that a usual
 * error is smaller, {@code erf(z / √2)}: 0.5 is an ordinary error, 0.999 is about 3.3 standard
 * deviations. The error is folded into the statistics after scoring, so a spike cannot hide itself.
 * Until {@code anomaly.warmup} errors were seen the score is 0.
 */
public final class ErrorScore {
    /** Variance floor, normalised units: a key predicted perfectly so far must not divide by zero. */
    private static final double MIN_VARIANCE = 1e-6;

    private ErrorScore() {}

    public static double scoreAndLearn(KeyState s, double[] normalisedError, JobSpec.Anomaly settings) {
        double score = 0;
        if (s.errCount >= settings.warmup()) {
            double sumSquares = 0;
            for (int f = 0; f < normalisedError.length; f++) {
                double d = normalisedError[f] - s.errMean[f];
                sumSquares += d * d / Math.max(s.errVar[f], MIN_VARIANCE);
            }
            double z = Math.sqrt(sumSquares / normalisedError.length);
            score = Erf.erf(z / Math.sqrt(2));
        }
        s.errCount++;
        for (int f = 0; f < normalisedError.length; f++) {
            Moments.update(s.errMean, s.errVar, f, s.errCount, settings.window(), normalisedError[f]);
        }
        return score;
    }
}
