package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaTopics;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Creates a job's topics on a broker that does not create topics by itself (the one `cluster` starts,
 * and most production brokers): the job cannot announce a model or read events before they exist.
 */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Create the job's events, predictions, dead-letter and (compacted) models topics where missing.")
final class TopicsCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "2",
            description = "Partitions of the events and predictions topics (default: 2); the others get one.")
    int partitions;

    @Override
    public Integer call() {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        PrintWriter out = options.out();
        JobSpec spec = options.load();
        List<String> created = KafkaTopics.createFor(spec, partitions);
        out.println(created.isEmpty() ? "all topics exist" : "created " + String.join(", ", created));
        return 0;
    }
}
