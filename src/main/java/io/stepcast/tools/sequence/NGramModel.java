package io.stepcast.tools.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A next-token baseline learned online: counts of each token after each context of the previous
 * {@code order - 1} tokens of the sequence (padded with a start marker), and after every shorter
 * context down to none (the unigram). Order 1 is the frequency baseline.
 *
 * <p>A prediction backs off to the longest context seen before and smooths its counts add-k over the
 * vocabulary (the out-of-vocabulary bucket included), so probabilities are proper. Ranking breaks
 * ties in that context by the next shorter one, down to the unigram, then by first arrival: a legal
 * but not yet seen successor then ranks by its overall frequency rather than by accident.
 *
 * <p>Strictly causal when used as {@link #next}: the arrived token is scored with counts from earlier
 * tokens only, then learned.
 */
public final class NGramModel {
    static final String START = "<s>";

    private final int order;
    private final double k;
    private final Vocabulary vocabulary;
    /** Index j: counts per context of length j; index 0 holds the single empty context. */
    private final List<Map<List<String>, TokenCounts>> levels = new ArrayList<>();

    public NGramModel(int order, double k, Vocabulary vocabulary) {
        if (order < 1 || k <= 0) {
            throw new IllegalArgumentException("order must be ≥ 1 and k > 0, got " + order + " and " + k);
        }
        this.order = order;
        this.k = k;
        this.vocabulary = vocabulary;
        for (int j = 0; j < order; j++) {
            levels.add(new HashMap<>());
        }
        levels.get(0).put(List.of(), new TokenCounts());
    }

    /** The frequency baseline: global unigram counts, add-k smoothed. */
    public static NGramModel frequency(double k, Vocabulary vocabulary) {
        return new NGramModel(1, k, vocabulary);
    }

    /** Scores {@code arrived} after {@code history} (the sequence's earlier tokens), then learns it. */
    public NextTokenPrediction next(List<String> history, String arrived, int g) {
        NextTokenPrediction prediction = predict(history, arrived, g);
        learn(history, arrived);
        return prediction;
    }

    /** Scores {@code arrived} after {@code history} without learning it. */
    public NextTokenPrediction predict(List<String> history, String arrived, int g) {
        List<TokenCounts> chain = chain(history);
        TokenCounts longest = chain.get(0);
        int arrivedIndex = vocabulary.index(arrived);
        double probability = (longest.count(arrivedIndex) + k) / (longest.total() + k * vocabulary.size());
        List<Integer> ranked = IntStream.range(0, vocabulary.known())
                .boxed()
                .sorted(byCounts(chain).thenComparing(Comparator.naturalOrder()))
                .toList();
        List<String> top = ranked.subList(0, Math.min(g, ranked.size())).stream()
                .map(vocabulary::token)
                .toList();
        return new NextTokenPrediction(top, ranked.indexOf(arrivedIndex) + 1, probability);
    }

    /** Counts {@code arrived} after {@code history} and each of its shorter contexts. */
    public void learn(List<String> history, String arrived) {
        int index = vocabulary.admit(arrived);
        if (index < 0) {
            return; // outside a fixed vocabulary: left to the bucket's smoothed probability
        }
        for (int j = 0; j < order; j++) {
            levels.get(j)
                    .computeIfAbsent(context(history, j), c -> new TokenCounts())
                    .add(index);
        }
    }

    /** The counts of the contexts of {@code history} seen before, longest first, the unigram last. */
    private List<TokenCounts> chain(List<String> history) {
        List<TokenCounts> chain = new ArrayList<>(order);
        for (int j = order - 1; j >= 0; j--) {
            TokenCounts counts = levels.get(j).get(context(history, j));
            if (counts != null) {
                chain.add(counts);
            }
        }
        return chain;
    }

    private static Comparator<Integer> byCounts(List<TokenCounts> chain) {
        Comparator<Integer> comparator = (a, b) -> 0;
        for (TokenCounts counts : chain) {
            comparator = comparator.thenComparing(i -> counts.count(i), Comparator.reverseOrder());
        }
        return comparator;
    }

    /** The last {@code length} tokens of {@code history}, padded in front with start markers. */
    private static List<String> context(List<String> history, int length) {
        List<String> context = new ArrayList<>(Collections.nCopies(Math.max(0, length - history.size()), START));
        context.addAll(history.subList(Math.max(0, history.size() - length), history.size()));
        return context;
    }
}
