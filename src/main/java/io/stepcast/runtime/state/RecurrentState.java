package io.stepcast.runtime.state;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The network's memory of a key: hidden state {@code h} ({@code layers × hidden}, per ensemble member
 * side by side), LSTM cell state {@code c} (empty for an Elman RNN), and the model version that
 * computed them. The arrays are handed to the kernel, which advances them in place.
 */
public final class RecurrentState {
    private long modelVersion;
    private float[] h;
    private float[] c;

    RecurrentState(long modelVersion, float[] h, float[] c) {
        this.modelVersion = modelVersion;
        this.h = h;
        this.c = c;
    }

    static RecurrentState fresh(int stateSize, int cellStateSize) {
        return new RecurrentState(0, new float[stateSize], new float[cellStateSize]);
    }

    public long modelVersion() {
        return modelVersion;
    }

    /** Hidden state, for the kernel to advance in place. */
    public float[] h() {
        return h;
    }

    /** Cell state, for the kernel to advance in place. */
    public float[] c() {
        return c;
    }

    /** Records that {@code version}'s weights computed the current state. */
    public void computedBy(long version) {
        modelVersion = version;
    }

    /**
     * Makes the state the size a model of another shape needs ({@code model.layers × model.hidden} per
     * network), zeroed, when it is not that size already: a tuned model may have another shape than
     * the one that computed the state, and then nothing of it can be kept. Returns whether it resized.
     */
    public boolean resize(int stateSize, int cellStateSize) {
        if (h.length == stateSize && c.length == cellStateSize) {
            return false;
        }
        h = new float[stateSize];
        c = new float[cellStateSize];
        return true;
    }

    /** Forgets the state, as of a key never seen (model version aside). */
    public void reset() {
        Arrays.fill(h, 0f);
        Arrays.fill(c, 0f);
    }

    RecurrentState copy() {
        return new RecurrentState(modelVersion, h.clone(), c.clone());
    }

    void write(DataOutputView out) throws IOException {
        out.writeLong(modelVersion);
        StateIO.writeFloats(h, out);
        StateIO.writeFloats(c, out);
    }

    static RecurrentState read(DataInputView in) throws IOException {
        return new RecurrentState(in.readLong(), StateIO.readFloats(in), StateIO.readFloats(in));
    }
}
