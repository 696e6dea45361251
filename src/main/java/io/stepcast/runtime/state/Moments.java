package io.stepcast.runtime.state;

/**
 * Running mean and variance with bounded memory, kept in plain arrays inside {@link KeyState}.
 *
 * <p>One update rule serves both regimes: with {@code n = min(count, window)} and {@code a = 1/n},
 * {@code mean += a·d} and {@code var = (1 − a)(var + a·d²)} where {@code d = x − mean}. While
 * {@code count ≤ window} this is exactly Welford's population variance; after that it is an
 * exponentially weighted average with {@code a = 1/window}, so old history fades and a key whose
 * level drifts is re-scaled. O(1) memory, no buffer of past values.
 */
public final class Moments {
    private Moments() {}

    /** Folds {@code x} into slot {@code i}; {@code count} is the number of values including {@code x}. */
    public static void update(double[] mean, double[] var, int i, long count, int window, double x) {
        double alpha = 1.0 / Math.min(count, window);
        double d = x - mean[i];
        mean[i] += alpha * d;
        var[i] = (1 - alpha) * (var[i] + alpha * d * d);
    }

    /** Standard deviation, or 1 where the variance is too small to divide by (constant so far). */
    public static double scale(double[] mean, double[] var, int i) {
        double sd = Math.sqrt(var[i]);
        return sd > 1e-9 * (1 + Math.abs(mean[i])) ? sd : 1.0;
    }
}
