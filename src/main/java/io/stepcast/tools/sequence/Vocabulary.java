package io.stepcast.tools.sequence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Token indices for the counting models, fixed up front or grown as tokens arrive, plus one
 * out-of-vocabulary bucket: {@link #size()} counts the bucket, so smoothed probabilities over the
 * known tokens and the bucket sum to 1 and an unknown token still gets a probability.
 */
public final class Vocabulary {
    private final Map<String, Integer> indices = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private final boolean growing;

    private Vocabulary(boolean growing) {
        this.growing = growing;
    }

    /** A vocabulary that admits every token on its first arrival. */
    public static Vocabulary growing() {
        return new Vocabulary(true);
    }

    /** Exactly {@code tokens}; any other token stays in the bucket. */
    public static Vocabulary fixed(Collection<String> tokens) {
        Vocabulary vocabulary = new Vocabulary(false);
        tokens.forEach(vocabulary::add);
        return vocabulary;
    }

    /**
     * The {@code max} most frequent tokens of {@code sequences}, most frequent first, equal counts in
     * token order so the choice does not depend on hashing or arrival; any other token stays in the
     * bucket.
     */
    public static Vocabulary mostFrequent(Collection<? extends Collection<String>> sequences, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a vocabulary needs at least 1 token, asked for " + max);
        }
        Map<String, Long> counts = sequences.stream()
                .flatMap(Collection::stream)
                .collect(Collectors.groupingBy(token -> token, Collectors.counting()));
        return fixed(counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(max)
                .map(Map.Entry::getKey)
                .toList());
    }

    /** The token's index, or -1 if it is not (yet) known. */
    public int index(String token) {
        return indices.getOrDefault(token, -1);
    }

    /** The token's index, adding it first if the vocabulary grows; -1 for a token a fixed one lacks. */
    public int admit(String token) {
        int index = index(token);
        return index < 0 && growing ? add(token) : index;
    }

    private int add(String token) {
        return indices.computeIfAbsent(token, t -> {
            tokens.add(t);
            return tokens.size() - 1;
        });
    }

    public String token(int index) {
        return tokens.get(index);
    }

    /** Known tokens, the bucket excluded. */
    public int known() {
        return tokens.size();
    }

    /** Known tokens plus the out-of-vocabulary bucket: the V of add-k smoothing. */
    public int size() {
        return tokens.size() + 1;
    }
}
