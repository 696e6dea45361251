package io.stepcast.tools.sequence;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a next-token model online over sessions, one after another, each token scored before it is
 * learned: top-1 and top-g accuracy, perplexity, and how well DeepLog's flag (the arrived token not
 * in the top g) finds the injected sessions. A session is flagged if any of its events is. The first
 * {@code warmUp} sessions are learned but not scored: an empty model flags everything.
 */
public final class NextTokenEvaluation {

    /** The scores over the sessions after the warm-up; accuracies and perplexity are NaN without any. */
    public record Report(
            long predictions, double top1Accuracy, double topGAccuracy, double perplexity, Detection detection) {}

    /** Session-level detection against the injected ground truth. */
    public record Detection(int truePositives, int falsePositives, int falseNegatives) {
        /** Flagged sessions that were injected; 0 when none was flagged. */
        public double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        /** Injected sessions that were flagged; 0 when none was injected. */
        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        private static double ratio(int part, int whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }
    }

    private NextTokenEvaluation() {}

    public static Report run(NGramModel model, List<Session> sessions, int g, int warmUp) {
        NextTokenTally tally = new NextTokenTally(g);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int s = 0; s < sessions.size(); s++) {
            Session session = sessions.get(s);
            List<String> history = new ArrayList<>();
            boolean flagged = false;
            for (String token : session.tokens()) {
                if (s < warmUp) {
                    // learned only: ranking the vocabulary for a prediction nobody reads would be the cost
                    model.learn(history, token);
                    history.add(token);
                    continue;
                }
                NextTokenPrediction prediction = model.next(history, token, g);
                history.add(token);
                tally.add(prediction.rank(), prediction.probability());
                flagged |= prediction.flagged(g);
            }
            if (s >= warmUp) {
                tp += flagged && session.injected() ? 1 : 0;
                fp += flagged && !session.injected() ? 1 : 0;
                fn += !flagged && session.injected() ? 1 : 0;
            }
        }
        return new Report(
                tally.predictions(),
                tally.top1Accuracy(),
                tally.topGAccuracy(),
                tally.perplexity(),
                new Detection(tp, fp, fn));
    }
}
