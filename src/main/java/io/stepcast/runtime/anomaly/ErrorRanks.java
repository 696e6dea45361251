package io.stepcast.runtime.anomaly;

import io.stepcast.runtime.state.RankHistory;

/**
 * Turns the sum of a key's last few error ranks ({@link RankHistory}) into a tail probability. Shared
 * by the prediction-error score ({@link AnomalyLikelihood}) and the seasonal one
 * ({@link SeasonalDeviation}), which rank different errors the same way.
 */
final class ErrorRanks {
    private ErrorRanks() {}

    /**
     * The probability that {@code n} usual ranks sum to less than the newest {@code n} in the ring,
     * whose newest is that of error {@code newest} (Irwin–Hall tail).
     */
    static double likelihood(RankHistory ranks, long newest, int n) {
        return 1 - IrwinHall.upperTail(n, ranks.sumOfRanks(newest, n));
    }
}
