package io.stepcast.tools.sequence;

import java.util.List;

/**
 * A model's prediction of one token, scored against the token that arrived: the {@code g} highest
 * ranked known tokens, the arrived token's rank among all known tokens (1 is the top; 0 when the token
 * was unknown, which therefore never counts as a hit), and its probability.
 */
public record NextTokenPrediction(List<String> top, int rank, double probability) {
    public NextTokenPrediction {
        top = List.copyOf(top);
    }

    /** Whether the arrived token was among the {@code n} highest ranked. */
    public boolean hit(int n) {
        return rank > 0 && rank <= n;
    }

    /** DeepLog's flag: the arrived token was not among the top {@code g}. */
    public boolean flagged(int g) {
        return !hit(g);
    }
}
