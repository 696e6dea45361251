package io.stepcast.tools.cli;

import io.stepcast.runtime.job.PredictionJob;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.EnumNames;
import io.stepcast.runtime.spec.JobSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the prediction job against the job file's Kafka, on a local Flink environment, serving the "
                + "newest announced model (or, on a first start, announcing the store's newest). With checkpoints "
                + "(delivery.guarantee other than none) it resumes from the newest complete checkpoint or stop "
                + "savepoint in delivery.checkpointDir, and SIGTERM or Ctrl-C stops it with a savepoint.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description = "Folder of checkpoints and stop savepoints; overrides delivery.checkpointDir.")
    String checkpointDir;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    /** Where state comes from other than the newest checkpoint: nowhere, or a savepoint the user names. */
    static final class Start {
        @Option(names = "--fresh", description = "Start with empty state, ignoring earlier checkpoints.")
        boolean fresh;

        @Option(
                names = "--from-savepoint",
                paramLabel = "PATH",
                description = "Resume from this savepoint or retained checkpoint instead of the newest one.")
        String savepoint;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = options.out();
        JobSpec spec = options.load();
        if (checkpointDir != null) {
            spec = spec.with(JobSpec.Delivery.CHECKPOINT_DIR, checkpointDir);
        }
        ModelStore store = new ModelStore(spec.model().store());
        Optional<ModelPointer> serving = new ModelAnnouncements(spec).servingOrAnnounceNewest(store);
        boolean durable = spec.delivery().guarantee() != JobSpec.Guarantee.NONE;
        LocalCheckpoints checkpoints = LocalCheckpoints.of(spec);
        Configuration flink = durable ? checkpoints.flinkConfiguration() : new Configuration();
        restorePoint(durable, checkpoints, out)
                .ifPresent(path -> flink.set(
                        StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        PredictionJob prediction = new PredictionJob(spec, store.uri());
        prediction.buildOnKafka(env, KafkaConnectors.eventSource(spec));
        out.printf(
                "running job '%s': %s -> %s, %s%n",
                spec.name(),
                spec.topics().events(),
                spec.topics().predictions(),
                serving.map(p -> "model version " + p.version() + " serving")
                        .orElse("no model yet (events wait: model.beforeFirstModel = "
                                + EnumNames.of(spec.model().beforeFirstModel()) + ")"));
        out.flush();
        JobClient job = env.executeAsync(prediction.name());
        if (!durable) {
            job.getJobExecutionResult().get();
            return 0;
        }
        try (SavepointOnStop stop = SavepointOnStop.install(job, checkpoints.savepoints(), out)) {
            job.getJobExecutionResult().get();
        }
        return 0;
    }

    /** The savepoint or checkpoint to resume from, saying which (or why none) on {@code out}. */
    private Optional<Path> restorePoint(boolean durable, LocalCheckpoints checkpoints, PrintWriter out) {
        if (start.savepoint != null) {
            Path savepoint = Path.of(start.savepoint).toAbsolutePath();
            out.println("resuming from " + savepoint + " (--from-savepoint)");
            return Optional.of(savepoint);
        }
        if (!durable) {
            out.println("delivery.guarantee is none: no checkpoints, so every start begins with empty state");
            return Optional.empty();
        }
        if (start.fresh) {
            out.println("starting with empty state (--fresh); checkpoints go to " + checkpoints.jobFolder());
            return Optional.empty();
        }
        Optional<Path> newest = checkpoints.newest();
        out.println(newest.map(path -> "resuming from " + path)
                .orElse("no checkpoint yet in " + checkpoints.jobFolder() + ": starting with empty state"));
        return newest;
    }
}
