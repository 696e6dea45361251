package io.stepcast.tools.sequence;

/**
 * Top-1 and top-g accuracy and perplexity over a model's next-token predictions, whichever model made
 * them: the counting baselines and the served network are scored by the same arithmetic.
 */
public final class NextTokenTally {
    private final int g;
    private final Perplexity perplexity = new Perplexity();
    private long top1;
    private long topG;

    public NextTokenTally(int g) {
        if (g < 1) {
            throw new IllegalArgumentException("g must be at least 1, was " + g);
        }
        this.g = g;
    }

    /**
     * One prediction: the rank the model gave the arrived token (1 is the top; 0 for a token outside
     * the vocabulary, never a hit) and the probability.
     */
    public void add(int rank, double probability) {
        top1 += rank == 1 ? 1 : 0;
        topG += rank >= 1 && rank <= g ? 1 : 0;
        perplexity.add(probability);
    }

    public long predictions() {
        return perplexity.count();
    }

    /** NaN before any prediction. */
    public double top1Accuracy() {
        return ratio(top1);
    }

    /** NaN before any prediction. */
    public double topGAccuracy() {
        return ratio(topG);
    }

    /** NaN before any prediction. */
    public double perplexity() {
        return perplexity.value();
    }

    private double ratio(long hits) {
        return predictions() == 0 ? Double.NaN : (double) hits / predictions();
    }
}
