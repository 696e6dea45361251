package io.stepcast.tools.sequence;

import java.util.Arrays;

/** How often each token index followed one context; grows with the vocabulary. */
final class TokenCounts {
    private int[] counts = new int[8];
    private long total;

    void add(int index) {
        if (index >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(index + 1, 2 * counts.length));
        }
        counts[index]++;
        total++;
    }

    /** The count of {@code index}; 0 for an unknown token (a negative index). */
    int count(int index) {
        return index >= 0 && index < counts.length ? counts[index] : 0;
    }

    long total() {
        return total;
    }
}
