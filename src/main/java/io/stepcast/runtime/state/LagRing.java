package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The key's last raw values for the lag inputs ({@code model.lags}), a ring of one value per feature
 * per slot, and how many events it has taken: the values of event n sit at slot
 * {@code (n − 1) mod slots}.
 */
public final class LagRing {
    private long added;
    private final double[] ring;

    LagRing(long added, double[] ring) {
        this.added = added;
        this.ring = ring;
    }

    static LagRing fresh(int size) {
        return new LagRing(0, new double[size]);
    }

    /** Takes the next event's values (counted even when the job has no lags, so the ring keeps step). */
    public void add(double[] values) {
        added++;
        if (ring.length > 0) {
            System.arraycopy(values, 0, ring, slot(added, values.length), values.length);
        }
    }

    /**
     * Feature {@code f}'s value {@code distance} events before the newest added one, whose values are
     * {@code newest}; the newest value itself while the key has not seen that event.
     */
    public double valueBefore(int distance, int f, double[] newest) {
        long event = added - distance;
        return event < 1 ? newest[f] : ring[slot(event, newest.length) + f];
    }

    private int slot(long event, int features) {
        return (int) ((event - 1) % (ring.length / features)) * features;
    }

    /** Events taken since the ring was made: the key's steps unless its layout changed since. */
    public long added() {
        return added;
    }

    /** Values it holds: slots times features. */
    int size() {
        return ring.length;
    }

    LagRing copy() {
        return new LagRing(added, ring.clone());
    }

    void write(DataOutputView out) throws IOException {
        StateIO.writeDoubles(ring, out);
        out.writeLong(added);
    }

    static LagRing read(DataInputView in) throws IOException {
        double[] ring = StateIO.readDoubles(in);
        return new LagRing(in.readLong(), ring);
    }

    /** Format 3 kept no count of its own: the normaliser's, which counts the same events, stood for it. */
    static LagRing readFormat3(DataInputView in, long added) throws IOException {
        return new LagRing(added, StateIO.readDoubles(in));
    }
}
