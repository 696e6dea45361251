package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.predict.FeatureEncoder;
import io.stepcast.runtime.predict.InputColumns;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Per-key event sequences turned into DL4J minibatches.
 *
 * <p>Each key's events are encoded by the same {@link FeatureEncoder} the job uses (the network's
 * columns of it, {@code model.lags}, as {@link InputColumns} selects them), walking the
 * key's normaliser forward exactly as the job will; the label at step t is the change from the
 * current value to the value {@code horizon} events later, in the normalised units of step t (those
 * the job denormalises with), see {@link io.stepcast.runtime.predict.KeyPredictor}. The first
 * {@code 1 − validationFraction} of each key trains; the rest is held out. Training sequences are
 * cut into chunks of {@code training.sequenceLength}, each starting from zero hidden state (which is
 * also how a key starts in the job), and grouped into minibatches; a short last chunk is masked,
 * and so are the labels of a key's first {@value #SETTLED} events. With {@code recent} below 1 only
 * the newest share of each key's training part is cut into sequences (the tuner's window), but the
 * normaliser still walks from the key's first event, as in the job.
 */
final class TrainingSet {
    /**
     * Labels start once a key's normaliser has seen this many values: before that its variance is
     * a guess, normalised targets are huge and clipped, and fitting them only teaches noise.
     */
    static final int SETTLED = 10;

    private final int inputs;
    private final int outputs;
    private final int length;
    private final List<Chunk> chunks = new ArrayList<>();
    private long steps;

    private record Chunk(float[][] x, float[][] label) {}

    TrainingSet(JobSpec spec, Map<String, List<Event>> sequences) {
        this(spec, sequences, 1.0);
    }

    TrainingSet(JobSpec spec, Map<String, List<Event>> sequences, double recent) {
        this.inputs = spec.modelInputs();
        this.outputs = spec.modelOutputs();
        this.length = spec.training().sequenceLength();
        int horizon = spec.model().horizon();
        FeatureEncoder encoder = new FeatureEncoder(spec);
        InputColumns columns = InputColumns.of(spec, spec.model().lags());
        float[] encoded = new float[encoder.width()];
        for (List<Event> events : sequences.values()) {
            int trainEnd = trainingLength(events.size(), spec.training().validationFraction());
            KeyState state = KeyState.forEncoding(outputs, horizon, encoder.lagValuesSize());
            float[][] x = new float[trainEnd][inputs];
            float[][] label = new float[trainEnd][]; // null where a step has no label
            for (int t = 0; t < trainEnd; t++) {
                Event e = events.get(t);
                encoder.encode(state, e.ts, e.values, encoded);
                columns.select(encoded, x[t]);
                if (t + horizon < trainEnd && state.normaliser().count() >= SETTLED) {
                    label[t] = new float[outputs];
                    double[] future = events.get(t + horizon).values;
                    for (int f = 0; f < outputs; f++) {
                        label[t][f] = (float) (encoder.target(state, f, future[f]) - x[t][f]);
                    }
                }
            }
            int first = trainEnd - (int) Math.ceil(trainEnd * recent);
            for (int start = first; start < trainEnd; start += length) {
                int end = Math.min(start + length, trainEnd);
                Chunk chunk = new Chunk(slice(x, start, end), slice(label, start, end));
                long labelled =
                        Arrays.stream(chunk.label).filter(Objects::nonNull).count();
                if (labelled > 0) {
                    chunks.add(chunk);
                    steps += labelled;
                }
            }
        }
    }

    /** How many of a key's events train; the rest validate. */
    static int trainingLength(int events, double validationFraction) {
        return events - (int) Math.floor(events * validationFraction);
    }

    /** Number of labelled timesteps per epoch. */
    long steps() {
        return steps;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** One epoch's minibatches in a seeded random order. */
    List<DataSet> minibatches(int batchSize, Random random) {
        List<Chunk> order = new ArrayList<>(chunks);
        Collections.shuffle(order, random);
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(toDataSet(order.subList(from, Math.min(from + batchSize, order.size()))));
        }
        return batches;
    }

    private DataSet toDataSet(List<Chunk> batch) {
        SequenceBatch out = new SequenceBatch(batch.size(), inputs, outputs, length);
        for (int b = 0; b < batch.size(); b++) {
            Chunk chunk = batch.get(b);
            for (int t = 0; t < chunk.x.length; t++) {
                out.step(b, t);
                for (int i = 0; i < inputs; i++) {
                    out.input(b, t, i, chunk.x[t][i]);
                }
            }
            for (int t = 0; t < chunk.label.length; t++) {
                if (chunk.label[t] == null) {
                    continue;
                }
                out.labelled(b, t);
                for (int f = 0; f < outputs; f++) {
                    out.label(b, t, f, chunk.label[t][f]);
                }
            }
        }
        return out.toDataSet();
    }

    private static float[][] slice(float[][] rows, int from, int to) {
        float[][] out = new float[Math.max(0, to - from)][];
        System.arraycopy(rows, from, out, 0, out.length);
        return out;
    }
}
