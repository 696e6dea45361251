package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The key's last model inputs, a ring of {@code rewarmSteps} input vectors: the input of step s sits
 * at slot {@code (s − 1) mod rewarmSteps}. Replayed through new weights after a model swap.
 */
public final class RecentInputs {
    private final float[] ring;

    RecentInputs(float[] ring) {
        this.ring = ring;
    }

    static RecentInputs fresh(int size) {
        return new RecentInputs(new float[size]);
    }

    /** Keeps the input of step {@code step}; nothing when no steps are kept. */
    public void remember(long step, float[] input) {
        if (ring.length > 0) {
            System.arraycopy(input, 0, ring, slot(step, input.length), input.length);
        }
    }

    /** Copies the kept input of step {@code step} into {@code into}. */
    public void recall(long step, float[] into) {
        System.arraycopy(ring, slot(step, into.length), into, 0, into.length);
    }

    private int slot(long step, int width) {
        return (int) ((step - 1) % (ring.length / width)) * width;
    }

    /** Values it holds: kept steps times the input width. */
    int size() {
        return ring.length;
    }

    RecentInputs copy() {
        return new RecentInputs(ring.clone());
    }

    void write(DataOutputView out) throws IOException {
        StateIO.writeFloats(ring, out);
    }

    static RecentInputs read(DataInputView in) throws IOException {
        return new RecentInputs(StateIO.readFloats(in));
    }
}
