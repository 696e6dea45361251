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

    /** {@code promoteMargin}: a fraction, 0.02 means the candidate's error must be 2% lower. */
    public ValidationGate(double promoteMargin) {
        if (!(promoteMargin >= 0 && promoteMargin < 1)) {
            throw new IllegalArgumentException("promoteMargin must be in [0, 1), got " + promoteMargin);
        }
        this.margin = promoteMargin;
    }

    /** The serving model's version and its error on the candidate's validation slice. */
    public record Serving(long version, double mae) {}

    /** The verdict and what it compared. */
    public record Decision(
            boolean promote, double candidateMae, double baselineMae, String baselineName, String reason) {
        /** Whether the baseline was a serving model ({@code baselineMae} its score), not persistence. */
        public boolean againstServing() {
            return !PERSISTENCE.equals(baselineName);
        }
    }

    private static final String PERSISTENCE = "persistence";

    public Decision decide(double candidateMae, Optional<Serving> serving, double persistenceMae) {
        String baselineName = serving.map(s -> "serving v" + s.version()).orElse(PERSISTENCE);
        double baselineMae = serving.map(Serving::mae).orElse(persistenceMae);
        if (!Double.isFinite(candidateMae)) {
            return new Decision(
                    false,
                    candidateMae,
                    baselineMae,
                    baselineName,
                    "candidate MAE is " + candidateMae + ", not a finite number");
        }
        if (!Double.isFinite(baselineMae)) {
            // a baseline that cannot be scored is no bar; a finite candidate is better than it
            return new Decision(
                    true,
                    candidateMae,
                    baselineMae,
                    baselineName,
                    baselineName + " MAE is " + baselineMae + ", the candidate's is " + format(candidateMae));
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
                        "candidate MAE %s %s %s (%s MAE %s less %s%%)",
                        format(candidateMae),
                        promote ? "<=" : ">",
                        format(bar),
                        baselineName,
                        format(baselineMae),
                        format(margin * 100)));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
