package io.stepcast.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One minibatch of {@code n} sequences of {@code length} steps as DL4J's recurrent layers take it:
 * features [n, inputs, length] and labels [n, outputs, length], with a feature mask for the steps a
 * sequence has and a label mask for the steps that are scored. Filled in place, then handed over.
 */
final class SequenceBatch {
    private final int n;
    private final int inputs;
    private final int outputs;
    private final int length;
    private final float[] features;
    private final float[] labels;
    private final float[] featureMask;
    private final float[] labelMask;

    SequenceBatch(int n, int inputs, int outputs, int length) {
        this.n = n;
        this.inputs = inputs;
        this.outputs = outputs;
        this.length = length;
        this.features = new float[n * inputs * length];
        this.labels = new float[n * outputs * length];
        this.featureMask = new float[n * length];
        this.labelMask = new float[n * length];
    }

    /** Sequence {@code b} has step {@code t}. */
    void step(int b, int t) {
        featureMask[b * length + t] = 1;
    }

    void input(int b, int t, int i, float value) {
        features[(b * inputs + i) * length + t] = value;
    }

    /** Step {@code t} of sequence {@code b} is scored; its label's entries are set with {@link #label}. */
    void labelled(int b, int t) {
        labelMask[b * length + t] = 1;
    }

    void label(int b, int t, int o, float value) {
        labels[(b * outputs + o) * length + t] = value;
    }

    DataSet toDataSet() {
        return new DataSet(
                Nd4j.create(features, new long[] {n, inputs, length}, 'c'),
                Nd4j.create(labels, new long[] {n, outputs, length}, 'c'),
                Nd4j.create(featureMask, new long[] {n, length}, 'c'),
                Nd4j.create(labelMask, new long[] {n, length}, 'c'));
    }

    /**
     * What one call of {@link #fit} did: the last epoch's mean loss, the labelled steps it trained on
     * (per epoch, times the epochs) and its wall time.
     */
    record Fit(double loss, long steps, double seconds) {
        /** As every trained model records its training: {@code trainLoss}, {@code trainSteps}, {@code trainSeconds}. */
        Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("trainLoss", loss);
            metrics.put("trainSteps", (double) steps);
            metrics.put("trainSeconds", seconds);
            return metrics;
        }
    }

    /**
     * Fits {@code net} for {@code epochs} passes over the minibatches {@code epoch} deals from
     * {@code random}, reporting each epoch's mean loss.
     */
    static Fit fit(
            MultiLayerNetwork net,
            int epochs,
            Random random,
            long labelledSteps,
            Function<Random, List<DataSet>> epoch,
            Consumer<String> progress) {
        long started = System.nanoTime();
        double loss = Double.NaN;
        for (int e = 1; e <= epochs; e++) {
            double sum = 0;
            int batches = 0;
            for (DataSet batch : epoch.apply(random)) {
                net.fit(batch);
                sum += net.score();
                batches++;
            }
            loss = sum / batches;
            progress.accept(String.format("epoch %d/%d: loss %.5f", e, epochs, loss));
        }
        return new Fit(loss, labelledSteps * epochs, (System.nanoTime() - started) / 1e9);
    }
}
