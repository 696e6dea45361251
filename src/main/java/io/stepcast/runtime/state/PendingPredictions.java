package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Predictions not yet compared with an observation: a ring of {@code horizon} slots of one value per
 * feature; the prediction made at step s sits in slot {@code s mod horizon}, which is where the
 * event of step {@code s + horizon} finds it.
 */
public final class PendingPredictions {
    private final double[] ring;

    PendingPredictions(double[] ring) {
        this.ring = ring;
    }

    static PendingPredictions fresh(int features, int horizon) {
        return new PendingPredictions(new double[features * horizon]);
    }

    /** Copies the prediction in step {@code step}'s slot into {@code into}, one value per feature. */
    public void recall(long step, double[] into) {
        System.arraycopy(ring, slot(step, into.length), into, 0, into.length);
    }

    /** Keeps the prediction {@code next}, made at step {@code step}. */
    public void remember(long step, double[] next) {
        System.arraycopy(next, 0, ring, slot(step, next.length), next.length);
    }

    private int slot(long step, int features) {
        return (int) (step % (ring.length / features)) * features;
    }

    PendingPredictions copy() {
        return new PendingPredictions(ring.clone());
    }

    void write(DataOutputView out) throws IOException {
        StateIO.writeDoubles(ring, out);
    }

    static PendingPredictions read(DataInputView in) throws IOException {
        return new PendingPredictions(StateIO.readDoubles(in));
    }
}
