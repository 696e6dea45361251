package io.stepcast.cli;

import io.stepcast.io.KafkaConnectors;
import io.stepcast.job.PredictionJob;
import io.stepcast.model.ModelManifest;
import io.stepcast.model.ModelStore;
import io.stepcast.spec.JobSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the prediction job against the job file's Kafka, on a local Flink environment.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(names = "--model-version", paramLabel = "N", description = "Serve this stored version (default: the newest).")
    Long modelVersion;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        JobSpec spec = options.load();
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest model = modelVersion != null ? store.manifest(modelVersion) : store.latest()
                .orElseThrow(() -> new IllegalArgumentException("the model store " + store.uri()
                        + " has no model yet: run 'stepcast train' first"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PredictionJob(spec, store.uri(), model).build(env, KafkaConnectors.eventSource(spec),
                KafkaConnectors.predictionSink(spec), KafkaConnectors.deadLetterSink(spec));
        out.printf("running job '%s' with model version %d: %s -> %s%n", spec.name(), model.version(),
                spec.topics().events(), spec.topics().predictions());
        env.execute("stepcast-" + spec.name());
        return 0;
    }
}
