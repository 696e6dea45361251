package io.stepcast.runtime.predict;

import io.stepcast.runtime.spec.JobSpec;
import java.io.Serializable;
import java.util.List;

/**
 * Which columns of the {@link FeatureEncoder}'s input a model with lag inputs {@code lags} reads, in its
 * own order: the current values, each of its lags' block, the time features. Keys keep the encoding of
 * every lag the job may tune ({@link JobSpec#keptLags()}), so a model of any of them serves and
 * re-warms from the same state; a model with exactly the kept lags reads the encoding as it is.
 */
public final class InputColumns implements Serializable {
    private final int[] columns;
    private final boolean all;

    private InputColumns(int[] columns, boolean all) {
        this.columns = columns;
        this.all = all;
    }

    /** The columns of a model with {@code lags} in {@code spec}'s encoding; each lag must be one the job keeps. */
    public static InputColumns of(JobSpec spec, List<Integer> lags) {
        List<Integer> kept = spec.keptLags();
        int features = spec.modelOutputs();
        int[] columns = new int[spec.inputsWithLags(lags.size())];
        int i = 0;
        for (int f = 0; f < features; f++) {
            columns[i++] = f;
        }
        for (int lag : lags) {
            int block = kept.indexOf(lag);
            if (block < 0) {
                throw new IllegalArgumentException("a model with lag " + lag + " cannot serve job '" + spec.name()
                        + "': its keys keep lags " + kept + " only (model.lags and training.tuning.lags)");
            }
            for (int f = 0; f < features; f++) {
                columns[i++] = features * (1 + block) + f;
            }
        }
        int time = features * (1 + kept.size());
        while (i < columns.length) {
            columns[i++] = time++;
        }
        return new InputColumns(columns, lags.equals(kept));
    }

    /** Number of columns the model reads. */
    public int size() {
        return columns.length;
    }

    /** Whether the model reads the whole encoding in its order, so {@link #select} need not copy. */
    public boolean all() {
        return all;
    }

    /** Copies the model's columns of {@code encoded} into {@code x}. */
    public void select(float[] encoded, float[] x) {
        if (all) {
            if (encoded != x) {
                System.arraycopy(encoded, 0, x, 0, columns.length);
            }
            return;
        }
        for (int i = 0; i < columns.length; i++) {
            x[i] = encoded[columns[i]];
        }
    }
}
