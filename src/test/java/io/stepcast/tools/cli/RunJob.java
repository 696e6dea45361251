package io.stepcast.tools.cli;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job file for {@code run} as an OS process: topics, consumer group and transactional ids of its own
 * (tests share one broker), exactly-once with a short checkpoint interval, and its model store and
 * checkpoints in a folder of its own. {@link #create} writes the file, creates the topics and publishes
 * one model (seeded weights, so jobs made from the same name suffix serve the same model).
 */
record RunJob(Path file, JobSpec spec, String bootstrap) {
    private static final String YAML = """
            name: %1$s
            kafka: {groupId: %1$s, startFrom: earliest}
            topics: {events: %1$s-events, predictions: %1$s-predictions, deadLetter: %1$s-dlq, models: %1$s-models}
            model: {cell: lstm, hidden: 8, horizon: 2, store: '%2$s/models'}
            delivery:
              guarantee: exactly-once
              checkpointInterval: 500ms
              transactionalIdPrefix: %1$s
              checkpointDir: '%2$s/checkpoints'
            parallelism: 2
            """;

    static RunJob create(String name, Path dir, KafkaBrokerExtension kafka) throws IOException {
        String yaml = String.format(YAML, name, dir);
        Path file = Files.writeString(Files.createDirectories(dir).resolve(name + ".yaml"), yaml);
        JobSpec spec = TestSpecs.parse(yaml).withBootstrap(kafka.bootstrapServers());
        JobSpec.Topics topics = spec.topics();
        kafka.createTopics(
                Map.of(topics.events(), 2, topics.predictions(), 2, topics.deadLetter(), 1, topics.models(), 1),
                List.of(topics.models()));
        TestSpecs.publish(new ModelStore(spec.model().store()), spec, TestSpecs.randomWeightsFor(spec, 1));
        return new RunJob(file, spec, kafka.bootstrapServers());
    }

    /** {@code run --job FILE --bootstrap HOST:PORT}, then {@code more}. */
    String[] runArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--job", file.toString(), "--bootstrap", bootstrap));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    LocalCheckpoints checkpoints() {
        return LocalCheckpoints.of(spec);
    }
}
