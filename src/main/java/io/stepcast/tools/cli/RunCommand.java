package io.stepcast.tools.cli;

import io.stepcast.runtime.job.PredictionJob;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.EnumNames;
import io.stepcast.runtime.spec.JobSpec;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the prediction job against the job file's Kafka, on a local Flink environment, serving the "
                + "newest announced model (or, on a first start, announcing the store's newest).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = options.out();
        JobSpec spec = options.load();
        ModelStore store = new ModelStore(spec.model().store());
        Optional<ModelPointer> serving = new ModelAnnouncements(spec).servingOrAnnounceNewest(store);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PredictionJob(spec, store.uri()).buildOnKafka(env, KafkaConnectors.eventSource(spec));
        out.printf(
                "running job '%s': %s -> %s, %s%n",
                spec.name(),
                spec.topics().events(),
                spec.topics().predictions(),
                serving.map(p -> "model version " + p.version() + " serving")
                        .orElse("no model yet (events wait: model.beforeFirstModel = "
                                + EnumNames.of(spec.model().beforeFirstModel()) + ")"));
        out.flush();
        env.execute("stepcast-" + spec.name());
        return 0;
    }
}
