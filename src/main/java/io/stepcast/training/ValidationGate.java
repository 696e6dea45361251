package io.stepcast.training;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a freshly trained candidate replaces the serving model. Retraining on recent data
 * can make a model worse (a quiet or broken window, a diverged run), so the candidate must beat the
 * serving model on the same held-out slice by {@code promoteMargin}; the margin keeps noise-level
 * gains from churning versions. Without a serving model the bar is the persistence baseline, the
 * error the job's consumers would get from "next equals last".
 */
public final class ValidationGate {
    private final double margin;
    /** What the errors are, for the verdict's message: "MAE", "cross-entropy". */
    private final String measure;
    /** The bar without a serving model. */
    private final String fallbackName;

    /** {@code promoteMargin}: a fraction, 0.02 means the candidate's error must be 2% lower. */
    public ValidationGate(double promoteMargin) {
        this(promoteMargin, "MAE", "persistence");
    }

    private ValidationGate(double promoteMargin, String measure, String fallbackName) {
        if (!(promoteMargin >= 0 && promoteMargin < 1)) {
            throw new IllegalArgumentException("promoteMargin must be in [0, 1), got " + promoteMargin);
        }
        this.margin = promoteMargin;
        this.measure = measure;
        this.fallbackName = fallbackName;
    }

    /**
     * The gate of a next-token model: errors are cross-entropies (nats per token), and without a serving
     * model the bar is the token frequencies of the training part.
     */
    public static ValidationGate forTokens(double promoteMargin) {
        return new ValidationGate(promoteMargin, "cross-entropy", "token frequencies");
    }

    /** The serving model's version and its error on the candidate's validation slice. */
    public record Serving(long version, double mae) {}

    /** The verdict and what it compared. */
    public record Decision(
            boolean promote, double candidateMae, double baselineMae, String baselineName, String reason) {
        /** Whether the baseline was a serving model ({@code baselineMae} its score), not the fallback bar. */
        public boolean againstServing() {
            return baselineName.startsWith(SERVING);
        }
    }

    private static final String SERVING = "serving v";

    public Decision decide(double candidateMae, Optional<Serving> serving, double persistenceMae) {
        String baselineName = serving.map(s -> SERVING + s.version()).orElse(fallbackName);
        double baselineMae = serving.map(Serving::mae).orElse(persistenceMae);
        if (!Double.isFinite(candidateMae)) {
            return new Decision(
                    false,
                    candidateMae,
                    baselineMae,
                    baselineName,
                    "candidate " + measure + " is " + candidateMae + ", not a finite number");
        }
        if (!Double.isFinite(baselineMae)) {
            // a baseline that cannot be scored is no bar; a finite candidate is better than it
            return new Decision(
                    true,
                    candidateMae,
                    baselineMae,
                    baselineName,
                    baselineName + " " + measure + " is " + baselineMae + ", the candidate's is "
                            + format(candidateMae));
        }
        double bar = baselineMae * (1 - margin);
        boolean promote = candidateMae <= bar;
        return new Decision(
                promote,
                candidateMae,
                baselineMae,
                baselineName,
                String.format(
                        Locale.ROOT,
                        "candidate %s %s %s %s (%s %s %s less %s%%)",
                        measure,
                        format(candidateMae),
                        promote ? "<=" : ">",
                        format(bar),
                        baselineName,
                        measure,
                        format(baselineMae),
                        format(margin * 100)));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
