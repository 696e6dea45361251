package io.stepcast.runtime.anomaly;

/**
 * The Irwin–Hall distribution: the sum of {@code n} independent uniform (0, 1) variables. Exact for
 * the small {@code n} the anomaly score uses; commons-math has no such distribution, and the normal
 * approximation is far too light in the tail that matters here (for n = 5 it puts a mean of 0.98 at
 * 1e-4 instead of 8e-8).
 */
final class IrwinHall {
    /** Largest n for which the alternating sum below stays accurate in double arithmetic. */
    static final int MAX_N = 20;

    private IrwinHall() {}

    /** P(S ≥ s) for the sum S of n uniforms, from the CDF by symmetry: P(S ≥ s) = P(S ≤ n − s). */
    static double upperTail(int n, double s) {
        if (n < 1 || n > MAX_N) {
            throw new IllegalArgumentException("n must be between 1 and " + MAX_N + ", got " + n);
        }
        double x = n - s;
        if (x <= 0) {
            return 0;
        }
        if (x >= n) {
            return 1;
        }
        // F(x) = Σ_{k ≤ x} (−1)^k C(n, k) (x − k)^n / n!, with C(n, k) / n! = 1 / (k! (n − k)!)
        double coefficient = 1;
        for (int i = 2; i <= n; i++) {
            coefficient /= i;
        }
        double sum = 0;
        for (int k = 0; k <= (int) Math.floor(x); k++) {
            if (k > 0) {
                coefficient *= (n - k + 1) / (double) k;
            }
            sum += (k % 2 == 0 ? 1 : -1) * coefficient * Math.pow(x - k, n);
        }
        // rounding in the alternating sum can step a hair outside [0, 1]
        return Math.max(0, Math.min(1, sum));
    }
}
