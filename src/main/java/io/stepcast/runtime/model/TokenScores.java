package io.stepcast.runtime.model;

/**
 * Turns a categorical model's output into next-token predictions: the softmax over a vocabulary of
 * V tokens, the rank of one token, and the k most probable tokens.
 *
 * <p>A categorical model is served by the same {@link RecurrentKernel} as a numeric one, with
 * {@code outputs = V}: the kernel's dense output layer yields the logits, and the softmax that DL4J
 * applies in its output layer is computed here instead. Keeping it out of the kernel leaves the kernel
 * and its parity proof untouched, and lets the caller keep the logits if it wants them.
 *
 * <p>Every method writes into arrays the caller owns and allocates nothing, so it can run once per
 * event inside a Flink operator. The methods are stateless and therefore thread-safe.
 *
 * <p><b>Order:</b> tokens are ordered by probability, highest first, and among equal probabilities by
 * token id, lowest first. {@link #rank} and {@link #topK} use the same order, so a token of rank r
 * is the one {@code topK} puts at index r - 1 (for r &lt;= k).
 */
public final class TokenScores {

    private TokenScores() {}

    /**
     * Writes softmax(logits) into {@code probabilities}. The largest logit is subtracted before
     * exponentiating, so no exponent exceeds 0 and no logit, however large, overflows; the sum is
     * accumulated in double so a large vocabulary loses no precision.
     *
     * @param logits        raw scores, length V; finite (the kernel's outputs always are)
     * @param probabilities receives the probabilities, length V; may be {@code logits} itself
     * @throws IllegalArgumentException if the arrays are empty or differ in length
     */
    public static void softmax(float[] logits, float[] probabilities) {
        if (logits == null || probabilities == null || logits.length == 0 || logits.length != probabilities.length) {
            throw new IllegalArgumentException("logits and probabilities must be non-empty and of equal length, are "
                    + length(logits) + " and " + length(probabilities));
        }
        float max = logits[0];
        for (int i = 1; i < logits.length; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double e = Math.exp((double) logits[i] - max);
            probabilities[i] = (float) e;
            sum += e;
        }
        // sum >= 1: the largest logit contributes exp(0)
        double scale = 1 / sum;
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = (float) (probabilities[i] * scale);
        }
    }

    /**
     * The rank of {@code token} in the order above: 1 if it is the most probable token, V if it is the
     * least. A DeepLog-style check flags an arrived token whose rank exceeds g.
     *
     * @throws IllegalArgumentException if {@code token} is not in [0, V)
     */
    public static int rank(float[] probabilities, int token) {
        checkToken(probabilities, token);
        float p = probabilities[token];
        int ahead = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > p || (probabilities[i] == p && i < token)) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    /**
     * Writes the k = {@code ids.length} most probable tokens, in the order above, into {@code ids} and
     * their probabilities into {@code topProbabilities}.
     *
     * <p>Partial selection: one pass over the vocabulary keeps the best k so far sorted, inserting a
     * token only if it beats the current k-th, so the cost is O(V) plus O(k) per insertion — for the
     * small k served per event, far cheaper than sorting V scores, and without a scratch array.
     * Scanning in id order and inserting only past entries of equal probability yields the tie order.
     *
     * @throws IllegalArgumentException if the output arrays differ in length or k is not in [1, V]
     */
    public static void topK(float[] probabilities, int[] ids, float[] topProbabilities) {
        int k = ids == null ? 0 : ids.length;
        if (topProbabilities == null || topProbabilities.length != k || k < 1 || k > length(probabilities)) {
            throw new IllegalArgumentException("ids and topProbabilities must have the same length k in [1, "
                    + length(probabilities) + "], are " + length(ids) + " and " + length(topProbabilities));
        }
        int filled = 0;
        for (int token = 0; token < probabilities.length; token++) {
            float p = probabilities[token];
            if (filled == k && !(p > topProbabilities[k - 1])) {
                continue;
            }
            int at = filled == k ? k - 1 : filled++;
            while (at > 0 && p > topProbabilities[at - 1]) {
                ids[at] = ids[at - 1];
                topProbabilities[at] = topProbabilities[at - 1];
                at--;
            }
            ids[at] = token;
            topProbabilities[at] = p;
        }
    }

    private static void checkToken(float[] probabilities, int token) {
        if (token < 0 || token >= length(probabilities)) {
            throw new IllegalArgumentException("token must be in [0, " + length(probabilities) + "), was " + token);
        }
    }

    private static int length(float[] array) {
        return array == null ? 0 : array.length;
    }

    private static int length(int[] array) {
        return array == null ? 0 : array.length;
    }
}
