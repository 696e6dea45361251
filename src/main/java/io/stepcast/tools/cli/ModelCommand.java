package io.stepcast.tools.cli;

import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.Rejection;
import io.stepcast.runtime.model.TuningTable;
import io.stepcast.runtime.model.TuningTrial;
import io.stepcast.runtime.spec.JobSpec;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Inspect the model store or roll the serving model back.",
        subcommands = {ModelCommand.ListCommand.class, ModelCommand.RollbackCommand.class})
final class ModelCommand implements Runnable {
    @Spec
    CommandSpec command;

    @Override
    public void run() {
        throw StepcastCommand.missingSubcommand(command);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the stored versions (* marks the serving one, the newest announced) and the "
                    + "recorded rejections.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        JobOptions options;

        @Override
        public Integer call() {
            PrintWriter out = options.out();
            JobSpec spec = options.load();
            ModelStore store = new ModelStore(spec.model().store());
            long serving = new ModelAnnouncements(spec)
                    .serving(store)
                    .map(ModelPointer::version)
                    .orElse(0L);
            out.printf("model store %s%n", store.uri());
            for (ModelManifest m : store.versions()) {
                out.printf(
                        "%s v%d  %s  %s%s%n",
                        m.version() == serving ? "*" : " ",
                        m.version(),
                        m.createdAt(),
                        scores(m),
                        m.rollbackOf() == null ? "" : "  rollback of v" + m.rollbackOf());
                if (m.tuning() != null) {
                    printTuning(out, m.tuning());
                }
            }
            if (serving == 0) {
                out.println("no version announced yet");
            }
            for (Rejection r : store.rejections()) {
                out.printf(
                        "rejected %s  candidate %s vs %s %s: %s%n",
                        r.rejectedAt(), format(r.candidateMae()), r.baseline(), format(r.baselineMae()), r.reason());
            }
            return 0;
        }

        /** The winning settings, then every trial: its settings and its validation MAE at each rung it reached. */
        private static void printTuning(PrintWriter out, TuningTable tuning) {
            out.println("    " + tuning.summary());
            out.printf(
                    "    %5s %6s %6s %8s %8s %6s %-10s %4s  %s%n",
                    "trial",
                    "hidden",
                    "layers",
                    "rate",
                    "sequence",
                    "recent",
                    "lags",
                    "warm",
                    "validationMae by epochs");
            for (TuningTrial t : tuning.trials()) {
                StringBuilder rungs = new StringBuilder();
                for (int r = 0; r < t.epochs().size(); r++) {
                    Double mae = t.validationMae().get(r);
                    rungs.append(r == 0 ? "" : ", ")
                            .append(t.epochs().get(r))
                            .append(": ")
                            .append(mae == null ? "NaN" : format(mae));
                }
                out.printf(
                        Locale.ROOT,
                        "    %5d %6d %6d %8s %8d %6s %-10s %4s  %s%n",
                        t.trial(),
                        t.hidden(),
                        t.layers(),
                        t.learningRate(),
                        t.sequenceLength(),
                        t.recent(),
                        t.lags() == null ? "-" : t.lags().toString().replace(" ", ""),
                        t.warmStart() ? "yes" : "no",
                        rungs);
            }
        }

        /** A numeric model's errors, or a next-token model's vocabulary and cross-entropies. */
        private static String scores(ModelManifest m) {
            if (m.vocabulary() == null) {
                return "validationMae=" + metric(m.metrics(), "validationMae") + "  validationNaiveMae="
                        + metric(m.metrics(), "validationNaiveMae");
            }
            return "tokens=" + m.vocabulary().size() + "  validationCrossEntropy="
                    + metric(m.metrics(), "validationCrossEntropy") + "  validationFrequencyCrossEntropy="
                    + metric(m.metrics(), "validationFrequencyCrossEntropy") + "  validationTop1="
                    + metric(m.metrics(), "validationTop1");
        }

        private static String metric(Map<String, Double> metrics, String name) {
            Double value = metrics == null ? null : metrics.get(name);
            return value == null ? "-" : format(value);
        }

        private static String format(double value) {
            return String.format(Locale.ROOT, "%.6g", value);
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Serve the weights of an older version again, as a new version, and announce it.")
    static final class RollbackCommand implements Callable<Integer> {
        @Mixin
        JobOptions options;

        @Option(names = "--to", required = true, paramLabel = "V", description = "The version whose weights to serve.")
        long to;

        @Override
        public Integer call() {
            JobSpec spec = options.load();
            ModelStore store = new ModelStore(spec.model().store());
            ModelManifest target = store.versions().stream()
                    .filter(m -> m.version() == to)
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("the model store " + store.uri() + " has no version " + to));
            String misfit = target.misfit(spec);
            if (misfit != null) {
                throw new IllegalArgumentException(
                        "version " + to + " does not fit job '" + spec.name() + "': " + misfit);
            }
            ModelManifest rolledBack = store.rollback(to);
            new ModelAnnouncements(spec).announce(store.pointer(rolledBack));
            options.out().printf("version %d now serves the weights of version %d%n", rolledBack.version(), to);
            return 0;
        }
    }
}
