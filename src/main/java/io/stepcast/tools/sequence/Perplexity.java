package io.stepcast.tools.sequence;

/** Perplexity over the probabilities a model gave the tokens that arrived: exp of the mean -ln p. */
public final class Perplexity {
    private double negativeLogSum;
    private long count;

    public void add(double probability) {
        negativeLogSum -= Math.log(probability);
        count++;
    }

    public long count() {
        return count;
    }

    /** The perplexity so far; NaN before any probability. */
    public double value() {
        return count == 0 ? Double.NaN : Math.exp(negativeLogSum / count);
    }
}
