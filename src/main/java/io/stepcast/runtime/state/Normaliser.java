package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A key's input normaliser: how many events it has folded in and the running moments per feature. */
public final class Normaliser {
    private long count;
    private final double[] mean;
    private final double[] var;

    Normaliser(long count, double[] mean, double[] var) {
        this.count = count;
        this.mean = mean;
        this.var = var;
    }

    static Normaliser fresh(int features) {
        return new Normaliser(0, new double[features], new double[features]);
    }

    /** Events folded in so far. */
    public long count() {
        return count;
    }

    /**
     * Counts an event and, if {@code learnMoments}, folds its values into the moments over about the
     * last {@code window} events; without normalisation the moments stay as they are, unused.
     */
    public void fold(double[] values, int window, boolean learnMoments) {
        count++;
        if (learnMoments) {
            for (int f = 0; f < mean.length; f++) {
                Moments.update(mean, var, f, count, window, values[f]);
            }
        }
    }

    public double mean(int f) {
        return mean[f];
    }

    /** Standard deviation of feature {@code f}, or 1 while it is constant (see {@link Moments#scale}). */
    public double scale(int f) {
        return Moments.scale(mean, var, f);
    }

    Normaliser copy() {
        return new Normaliser(count, mean.clone(), var.clone());
    }

    void write(DataOutputView out) throws IOException {
        out.writeLong(count);
        StateIO.writeDoubles(mean, out);
        StateIO.writeDoubles(var, out);
    }

    static Normaliser read(DataInputView in) throws IOException {
        return new Normaliser(in.readLong(), StateIO.readDoubles(in), StateIO.readDoubles(in));
    }
}
