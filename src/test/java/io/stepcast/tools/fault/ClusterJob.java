package io.stepcast.tools.fault;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.job.OfflinePredictions;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.cluster.StandaloneCluster;
import io.stepcast.tools.embedded.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One prediction job for the cluster's job jar, as a user submits it: a job file (topics, consumer group
 * and transactional ids of its own, since scenarios share one broker; exactly-once with 1 s checkpoints)
 * written per parallelism under the same name, so that every file describes the same job and a
 * savepoint of one restores into another. {@link #create} creates the topics and publishes model
 * version 1 (seeded random weights) into a model store of the job's own.
 */
public record ClusterJob(Path dir, JobSpec spec, ModelStore store, String more) {
    /** What `mvn package` builds for `flink run`. */
    public static final Path JAR = Path.of("target", "stepcast-job.jar").toAbsolutePath();

    private static final String YAML = """
            name: %1$s
            kafka: {groupId: %1$s, startFrom: earliest}
            topics: {events: %1$s-events, predictions: %1$s-predictions, deadLetter: %1$s-dlq, models: %1$s-models}
            model: {cell: lstm, hidden: 8, horizon: 2, store: '%2$s/models'}
            delivery: {guarantee: exactly-once, checkpointInterval: 1s, transactionalIdPrefix: %1$s}
            parallelism: %3$d
            %4$s""";

    public static ClusterJob create(String name, Path parent, String bootstrap) {
        return create(name, parent, bootstrap, "", 2);
    }

    /**
     * A job whose file has {@code more} (whole YAML lines: sections the default file leaves out) and
     * whose events topic has {@code eventPartitions} partitions (the other topics as {@link #create(String,
     * Path, String)} makes them).
     */
    public static ClusterJob create(String name, Path parent, String bootstrap, String more, int eventPartitions) {
        Path dir = parent.resolve(name).toAbsolutePath();
        JobSpec spec = TestSpecs.parse(String.format(YAML, name, dir, 2, more)).withBootstrap(bootstrap);
        KafkaTopics.create(bootstrap, Map.of(spec.topics().events(), eventPartitions), List.of());
        KafkaTopics.createFor(spec, 2);
        ClusterJob job = new ClusterJob(dir, spec, new ModelStore(spec.model().store()), more);
        job.publish(1);
        return job;
    }

    /** Publishes seeded random weights as the store's next version. */
    public ModelManifest publish(long seed) {
        return TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, seed));
    }

    public ModelWeights weights(long version) {
        return store.loadWeights(store.manifest(version));
    }

    /** Submits the job at {@code parallelism} with empty state; returns its job id. */
    public String submit(StandaloneCluster cluster, int parallelism) {
        return cluster.cli().run(JAR, arguments(parallelism));
    }

    /** Submits the job at {@code parallelism} from a savepoint; returns its job id. */
    public String resume(StandaloneCluster cluster, String savepoint, int parallelism) {
        return cluster.cli().resume(JAR, savepoint, arguments(parallelism));
    }

    /** The job jar's arguments: the job file for {@code parallelism}, the broker, the model store. */
    public List<String> arguments(int parallelism) {
        Path file = dir.resolve(spec.name() + "-p" + parallelism + ".yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, String.format(YAML, spec.name(), dir, parallelism, more));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return List.of("--job", file.toString(), "--bootstrap", spec.kafka().bootstrap(), "--model-store", store.uri());
    }

    /**
     * What an uninterrupted run emits for {@code events}: the offline oracle (the job's own per-key
     * code), per key version {@code first} up to the key's switch point and version {@code last} after
     * it, as the JSON the job writes.
     */
    public List<Received> reference(List<Event> events, Map<String, Integer> switchPoints, long first, long last) {
        JsonCodec codec = JsonCodec.of(spec);
        List<Received> reference = new ArrayList<>();
        Map<Long, ModelWeights> versions = new HashMap<>();
        versions.put(first, weights(first));
        versions.put(last, weights(last));
        OfflinePredictions.of(spec, events, switchPoints, versions)
                .forEach((key, predictions) -> predictions.forEach(p -> reference.add(
                        new Received(key, p.step, new String(codec.prediction(p), StandardCharsets.UTF_8), 0))));
        return reference;
    }

    /** The reference of a run served by version 1 throughout. */
    public List<Received> reference(List<Event> events) {
        return reference(events, Map.of(), 1, 1);
    }
}
