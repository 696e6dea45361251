package io.stepcast.training;

import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.TuningTrial;
import io.stepcast.runtime.spec.JobSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The settings the tuner varies, one configuration of them: the network's shape, how it trains, and
 * on how much of the window. Everything else comes from the job file.
 *
 * @param recent share of each key's training part, newest first, that trains
 * @param lags   the network's lag inputs ({@code model.lags})
 */
public record TrialSettings(
        int hidden, int layers, double learningRate, int sequenceLength, double recent, List<Integer> lags) {

    public TrialSettings {
        lags = List.copyOf(lags);
    }

    /** The job file's own settings, on its whole training part. */
    public static TrialSettings of(JobSpec spec) {
        return new TrialSettings(
                spec.model().hidden(),
                spec.model().layers(),
                spec.training().learningRate(),
                spec.training().sequenceLength(),
                1.0,
                spec.model().lags());
    }

    /**
     * The settings {@code manifest}'s model was trained with: the winning trial of its tuning, or the
     * job file's with the manifest's shape for a model trained without tuning.
     */
    public static TrialSettings of(ModelManifest manifest, JobSpec spec) {
        if (manifest.tuning() != null) {
            // the manifest's own lags: a trial recorded before lags were tuned has none
            return of(manifest.tuning().winning(), manifest.lags());
        }
        TrialSettings job = of(spec);
        return new TrialSettings(
                manifest.hidden(), manifest.layers(), job.learningRate, job.sequenceLength, 1.0, manifest.lags());
    }

    /** The settings of a trial this build recorded (so it has its lags). */
    public static TrialSettings of(TuningTrial trial) {
        return of(trial, trial.lags());
    }

    private static TrialSettings of(TuningTrial trial, List<Integer> lags) {
        return new TrialSettings(
                trial.hidden(), trial.layers(), trial.learningRate(), trial.sequenceLength(), trial.recent(), lags);
    }

    /**
     * The job trained with these settings. Its keys' layout ({@link JobSpec#keptLags()}) may list the
     * lags in another order than the job file's; that is harmless, as nothing trained on it keeps state.
     */
    public JobSpec apply(JobSpec spec) {
        JobSpec tuned = spec.with(JobSpec.Model.HIDDEN, hidden)
                .with(JobSpec.Model.LAYERS, layers)
                .with(JobSpec.Model.LAGS, lags);
        return tuned.withTraining(
                tuned.training().withLearningRate(learningRate).withSequenceLength(sequenceLength));
    }

    /**
     * Up to {@code trials} configurations: {@code first}, then others drawn without replacement from
     * every combination of the job's tuning lists (an empty list contributes the job file's value),
     * in an order shuffled by {@code seed}.
     */
    public static List<TrialSettings> sample(JobSpec spec, TrialSettings first, int trials, long seed) {
        JobSpec.Tuning space = spec.training().tuning();
        TrialSettings job = of(spec);
        List<TrialSettings> all = new ArrayList<>();
        for (int h : orJob(space.hidden(), job.hidden)) {
            for (int l : orJob(space.layers(), job.layers)) {
                for (double r : orJob(space.learningRate(), job.learningRate)) {
                    for (int s : orJob(space.sequenceLength(), job.sequenceLength)) {
                        for (double w : orJob(space.recent(), job.recent)) {
                            for (List<Integer> g : orJob(space.lags(), job.lags)) {
                                all.add(new TrialSettings(h, l, r, s, w, g));
                            }
                        }
                    }
                }
            }
        }
        Collections.shuffle(all, new Random(seed));
        Set<TrialSettings> chosen = new LinkedHashSet<>();
        chosen.add(first);
        for (TrialSettings candidate : all) {
            if (chosen.size() >= trials) {
                break;
            }
            chosen.add(candidate);
        }
        return List.copyOf(chosen);
    }

    private static <T> List<T> orJob(List<T> values, T job) {
        return values.isEmpty() ? List.of(job) : values.stream().distinct().toList();
    }

    /** One line such as {@code "hidden 16, layers 1, learning rate 0.01, sequence 100, recent 1, lags [336]"}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "hidden %d, layers %d, learning rate %s, sequence %d, recent %s, lags %s",
                hidden,
                layers,
                learningRate,
                sequenceLength,
                recent,
                lags);
    }
}
