package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.FeatureEncoder;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Per-key token sequences turned into DL4J minibatches for a next-token network, encoded exactly as
 * {@link io.stepcast.runtime.predict.TokenPredictor} serves: numeric inputs by the job's
 * {@link FeatureEncoder}, then the token one-hot; the label at step t is the token of step t + 1.
 *
 * <p>A key's sequence opens with the start step, an all-zero input labelled with the key's first
 * token, so the network learns how keys begin (the job scores a key's first token that way). The
 * sequences here hold each key's events from the oldest the trainer read, which for short-lived keys
 * (sessions) is their first. Events before the {@link TokenTrainer#validationCutoff} train; chunks of
 * {@code training.sequenceLength} steps start from zero state; a minibatch groups chunks of about one
 * length and is as long as its longest, shorter ones are masked.
 */
final class TokenTrainingSet {
    private final int numericInputs;
    private final int vocabularySize;
    private final int length;
    private final List<Chunk> chunks = new ArrayList<>();
    private long steps;

    /** Inputs of a chunk's steps (numeric part and token id, -1 for the start step) and label ids (-1: none). */
    private record Chunk(float[][] numeric, int[] token, int[] label) {}

    TokenTrainingSet(JobSpec spec, TokenVocabulary vocabulary, Map<String, List<Event>> sequences, long cutoff) {
        this.numericInputs = spec.modelInputs();
        this.vocabularySize = vocabulary.size();
        this.length = spec.training().sequenceLength();
        FeatureEncoder encoder = new FeatureEncoder(spec);
        int features = spec.fields().features().size();
        for (List<Event> events : sequences.values()) {
            int trainEnd = TokenTrainer.before(events, cutoff);
            if (trainEnd == 0) {
                continue;
            }
            // step 0 is the start step; step t + 1 reads event t and is labelled with event t + 1
            int n = trainEnd + 1;
            float[][] numeric = new float[n][numericInputs];
            int[] token = new int[n];
            int[] label = new int[n];
            KeyState state = KeyState.forEncoding(features, 1, 0);
            float[] x = new float[numericInputs];
            token[0] = -1;
            label[0] = vocabulary.id(events.get(0).token);
            for (int t = 0; t < trainEnd; t++) {
                Event e = events.get(t);
                encoder.encode(state, e.ts, e.values, x);
                System.arraycopy(x, 0, numeric[t + 1], 0, numericInputs);
                token[t + 1] = vocabulary.id(e.token);
                label[t + 1] = t + 1 < trainEnd ? vocabulary.id(events.get(t + 1).token) : -1;
            }
            for (int start = 0; start < n; start += length) {
                int end = Math.min(start + length, n);
                Chunk chunk = new Chunk(
                        Arrays.copyOfRange(numeric, start, end),
                        Arrays.copyOfRange(token, start, end),
                        Arrays.copyOfRange(label, start, end));
                long labelled = Arrays.stream(chunk.label).filter(l -> l >= 0).count();
                if (labelled > 0) {
                    chunks.add(chunk);
                    steps += labelled;
                }
            }
        }
    }

    /** Number of labelled timesteps per epoch. */
    long steps() {
        return steps;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /**
     * One epoch's minibatches in a seeded random order: the chunks shuffled, then grouped with chunks of
     * about their length (a stable sort of the shuffled order by length), the groups in shuffled order.
     * A minibatch is as long as its longest chunk and masked steps cost as much as real ones, while
     * sessions vary in length a lot.
     */
    List<DataSet> minibatches(int batchSize, Random random) {
        List<Chunk> order = new ArrayList<>(chunks);
        Collections.shuffle(order, random);
        order.sort(Comparator.comparingInt(c -> c.token.length));
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(toDataSet(order.subList(from, Math.min(from + batchSize, order.size()))));
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private DataSet toDataSet(List<Chunk> batch) {
        // as long as the longest chunk: masked steps cost as much as real ones (sessions are short)
        int length = batch.stream().mapToInt(c -> c.token.length).max().orElse(1);
        SequenceBatch out = new SequenceBatch(batch.size(), numericInputs + vocabularySize, vocabularySize, length);
        for (int b = 0; b < batch.size(); b++) {
            Chunk chunk = batch.get(b);
            for (int t = 0; t < chunk.token.length; t++) {
                out.step(b, t);
                for (int i = 0; i < numericInputs; i++) {
                    out.input(b, t, i, chunk.numeric[t][i]);
                }
                if (chunk.token[t] >= 0) {
                    out.input(b, t, numericInputs + chunk.token[t], 1);
                }
                if (chunk.label[t] >= 0) {
                    out.labelled(b, t);
                    out.label(b, t, chunk.label[t], 1);
                }
            }
        }
        return out.toDataSet();
    }
}
