package io.stepcast.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Successive halving (Jamieson and Talwalkar, "Non-stochastic best arm identification and
 * hyperparameter optimization", 2016): train every trial briefly, keep the best {@code 1/eta}, train
 * those {@code eta} times longer, and repeat until one is left, which gets the full budget. Most of the
 * compute goes to the few configurations that look best, and a configuration that starts badly is
 * dropped after the cost of a few epochs.
 *
 * <p>With {@code n} trials there are {@code s + 1} rungs, {@code s = ⌊log_eta n⌋}; rung {@code i}
 * trains its trials to {@code max(1, round(maxEpochs / eta^(s − i)))} epochs in all, and keeps
 * {@code max(1, ⌊n_i / eta⌋)} of its {@code n_i} trials. Ties and non-finite scores are settled in
 * trial order, a NaN counting as the worst: the outcome is a function of the scores alone.
 */
public final class SuccessiveHalving {
    private final int eta;
    private final int maxEpochs;

    /** A configuration being tried: trained further on request, then scored (lower is better). */
    public interface Trial {
        /** Trains until {@code epochs} epochs in all. */
        void trainTo(int epochs);

        double score();
    }

    /** Where each trial got: the epochs and score at every rung it reached, and the one left at the end. */
    public record Outcome(int winner, List<List<Integer>> epochs, List<List<Double>> scores) {}

    public SuccessiveHalving(int eta, int maxEpochs) {
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be at least 2, got " + eta);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be at least 1, got " + maxEpochs);
        }
        this.eta = eta;
        this.maxEpochs = maxEpochs;
    }

    /** The epochs in all that each rung trains its trials to, for {@code trials} trials. */
    public List<Integer> rungEpochs(int trials) {
        int rungs = 0;
        for (long reach = eta; reach <= trials; reach *= eta) {
            rungs++;
        }
        List<Integer> epochs = new ArrayList<>();
        for (int i = 0; i <= rungs; i++) {
            epochs.add((int) Math.max(1, Math.round(maxEpochs / Math.pow(eta, rungs - i))));
        }
        return epochs;
    }

    /** Runs the trials rung by rung; {@code log} hears one line per rung. */
    public Outcome run(List<? extends Trial> trials, Consumer<String> log) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("successive halving needs at least one trial");
        }
        List<List<Integer>> epochs = new ArrayList<>();
        List<List<Double>> scores = new ArrayList<>();
        for (int t = 0; t < trials.size(); t++) {
            epochs.add(new ArrayList<>());
            scores.add(new ArrayList<>());
        }
        List<Integer> alive = IntStream.range(0, trials.size()).boxed().toList();
        List<Integer> rungs = rungEpochs(trials.size());
        for (int rung = 0; rung < rungs.size(); rung++) {
            int target = rungs.get(rung);
            for (int t : alive) {
                trials.get(t).trainTo(target);
                epochs.get(t).add(target);
                scores.get(t).add(trials.get(t).score());
            }
            List<Integer> ranked = alive.stream()
                    .sorted(Comparator.comparingDouble((Integer t) -> worstIfNaN(last(scores.get(t))))
                            .thenComparingInt(t -> t))
                    .toList();
            int keep = rung == rungs.size() - 1 ? 1 : Math.max(1, alive.size() / eta);
            log.accept(String.format(
                    Locale.ROOT,
                    "rung %d: %d trials at %d epochs, best trial %d (%.6g), %d go on",
                    rung,
                    alive.size(),
                    target,
                    ranked.get(0),
                    last(scores.get(ranked.get(0))),
                    rung == rungs.size() - 1 ? 0 : keep));
            alive = ranked.subList(0, keep);
        }
        return new Outcome(alive.get(0), epochs, scores);
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double worstIfNaN(double score) {
        return Double.isNaN(score) ? Double.POSITIVE_INFINITY : score;
    }
}
