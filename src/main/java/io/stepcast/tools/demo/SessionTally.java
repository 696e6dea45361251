package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.sequence.NextTokenEvaluation;
import io.stepcast.tools.sequence.Perplexity;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The session demo's figures of the served predictions ({@link DemoTally} reads the topics): per
 * session, whether any of its events was unexpected ({@code unexpectedToken}, DeepLog's flag) against
 * whether it was injected; per event, whether the arrived token was the model's first guess or among
 * its {@code tokens.topG}, the perplexity of the probabilities it gave the arrived tokens, and how
 * many tokens it did not know. An unknown token never counts as guessed, as in {@link
 * NextTokenEvaluation}, and its probability is the out-of-vocabulary bucket's.
 */
final class SessionTally extends DemoTally {
    /** Probabilities below this are counted as this, as the predictor scores surprise: no infinite perplexity. */
    private static final double SMALLEST_PROBABILITY = Float.MIN_NORMAL;

    private final Set<String> injected;
    private final int topG;
    private final Consumer<String> onFlagged;

    private final Set<String> sessions = new HashSet<>();
    private final Set<String> flagged = new HashSet<>();
    private final Perplexity perplexity = new Perplexity();
    private long scored;
    private long top1;
    private long inTopG;
    private long unexpected;
    private long outOfVocabulary;

    /** {@code injected}: the keys of the injected sessions; {@code onFlagged} hears of each session's first flag. */
    SessionTally(
            String bootstrap,
            JobSpec.Topics topics,
            JsonCodec codec,
            Set<String> injected,
            int topG,
            Consumer<String> onFlagged) {
        super(bootstrap, topics, codec);
        this.injected = Set.copyOf(injected);
        this.topG = topG;
        this.onFlagged = onFlagged;
    }

    @Override
    void read(Prediction p) {
        sessions.add(p.key);
        if (p.tokenRank == 0) {
            return; // passed through before any model: nothing was predicted
        }
        scored++;
        boolean known = !p.outOfVocabulary;
        top1 += known && p.tokenRank == 1 ? 1 : 0;
        inTopG += known && p.tokenRank <= topG ? 1 : 0;
        outOfVocabulary += known ? 0 : 1;
        perplexity.add(Math.max(p.tokenProbability, SMALLEST_PROBABILITY));
        if (p.unexpectedToken) {
            unexpected++;
            if (flagged.add(p.key)) {
                onFlagged.accept(String.format(
                        Locale.ROOT,
                        "unexpected: %s '%s' at step %d (rank %d, p %.4f%s)%s",
                        p.key,
                        p.token,
                        p.step,
                        p.tokenRank,
                        p.tokenProbability,
                        known ? "" : ", out of vocabulary",
                        injected.contains(p.key) ? " <- injected" : ""));
            }
        }
    }

    @Override
    synchronized String progress() {
        return String.format("sessions %d  flagged %d", sessions.size(), flagged.size());
    }

    /** Session-level detection: flagged sessions against the injected ones, among the sessions read. */
    synchronized NextTokenEvaluation.Detection detection() {
        int truePositives = 0;
        for (String key : flagged) {
            truePositives += injected.contains(key) ? 1 : 0;
        }
        int injectedRead = 0;
        for (String key : injected) {
            injectedRead += sessions.contains(key) ? 1 : 0;
        }
        return new NextTokenEvaluation.Detection(
                truePositives, flagged.size() - truePositives, injectedRead - truePositives);
    }

    /** The served model's figures, then the common counts and versions. */
    synchronized Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>(counts());
        s.put("sessions", sessions.size());
        s.put("injected_sessions", injected.size());
        s.putAll(figures(scored, ratio(top1, scored), ratio(inTopG, scored), perplexity.value(), detection()));
        s.put("unexpected_events", unexpected);
        s.put("out_of_vocabulary", outOfVocabulary);
        s.putAll(versions());
        return s;
    }

    /**
     * The figures the demo reports of any next-token predictor, the served model and the baselines alike,
     * rounded to four decimals: session detection, then per-event accuracy and perplexity.
     */
    static Map<String, Object> figures(
            long predictions,
            double top1Accuracy,
            double topGAccuracy,
            double perplexity,
            NextTokenEvaluation.Detection detection) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("flagged_sessions", detection.truePositives() + detection.falsePositives());
        s.put("detected_sessions", detection.truePositives());
        s.put("precision", round(detection.precision()));
        s.put("recall", round(detection.recall()));
        s.put("predictions", predictions);
        s.put("top1_accuracy", round(top1Accuracy));
        s.put("topg_accuracy", round(topGAccuracy));
        s.put("perplexity", round(perplexity));
        return s;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** Four decimals; NaN (nothing scored) as null, which JSON can carry. */
    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 1e4) / 1e4;
    }
}
