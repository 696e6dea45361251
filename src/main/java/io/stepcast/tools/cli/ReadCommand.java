package io.stepcast.tools.cli;

import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.TopicRange;
import io.stepcast.runtime.spec.JobSpec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a downstream service reads: the committed records of the job's predictions or dead-letter
 * topic, so that a user of `cluster` or `run` can see the output without a Kafka installation.
 */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = "Print the committed records (isolation.level=read_committed) of the job's predictions "
                + "or dead-letter topic, one JSON object per line, up to the end the topic has now.")
final class ReadCommand implements Callable<Integer> {
    enum Topic {
        predictions,
        deadLetter
    }

    @Mixin
    JobOptions options;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = "predictions",
            description = "predictions (default) or deadLetter.")
    Topic topic;

    @Override
    public Integer call() {
        PrintWriter out = options.out();
        JobSpec spec = options.load();
        String name = topic == Topic.predictions
                ? spec.topics().predictions()
                : spec.topics().deadLetter();
        TopicRange.read(
                KafkaClientProperties.of(spec).consumer(),
                name,
                TopicRange.BEGINNING,
                record -> out.println(new String(record.value(), StandardCharsets.UTF_8)));
        out.flush();
        return 0;
    }
}
