package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.RecordSchemas;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.InJvmMetrics;
import io.stepcast.tools.embedded.KafkaTopics;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.Trainer;
import io.stepcast.training.input.EventSequences;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job end to end on real parts: a real Kafka broker (subclasses say which), models in a model
 * store announced on the models topic, the job on a Flink MiniCluster with parallelism 2. Every
 * prediction read back must equal the offline computation ({@link OfflinePredictions}) of the serving
 * model over the same per-key sequence, across live model swaps, refused announcements and a
 * restore from a savepoint; the job never restarts (its restart strategy is "none", so a failure
 * would fail the test).
 */
abstract class PredictionJobContract {
    private static final int KEYS = 24;
    private static final String JOB = """
            name: it
            kafka: {groupId: it, startFrom: earliest}
            time: {features: [hour-of-day]}
            model: {cell: lstm, hidden: 8, horizon: 2, rewarmSteps: 16}
            delivery: {guarantee: exactly-once, checkpointInterval: 300ms}
            training: {epochs: 2, sequenceLength: 100, tbptt: 25, batchSize: 8, seed: 3}
            parallelism: 2
            """;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(InJvmMetrics.enable(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    private final List<JobClient> running = new ArrayList<>();

    /** Bootstrap servers of the broker under test. */
    abstract String bootstrapServers();

    @AfterEach
    void cancelJobs() throws Exception {
        for (JobClient job : running) {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }

    /** A job file with its own topics (tests share one broker) and a model store in the test's folder. */
    private JobSpec spec(String yaml) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        JobSpec spec = TestSpecs.parse(yaml.replace(
                        "name: it",
                        "name: it-" + id + "\ntopics: {events: ev-" + id + ", predictions: pr-" + id
                                + ", deadLetter: dl-" + id + ", models: mo-" + id + "}"))
                .withBootstrap(bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        KafkaTopics.create(
                bootstrapServers(),
                Map.of(
                        spec.topics().events(),
                        3,
                        spec.topics().predictions(),
                        2,
                        spec.topics().deadLetter(),
                        1,
                        spec.topics().models(),
                        1),
                List.of(spec.topics().models()));
        return spec;
    }

    @Test
    void everyEventGetsExactlyThePredictionTheModelGivesOffline() throws Exception {
        JobSpec spec = spec(JOB);
        ModelStore store = new ModelStore(spec.model().store());
        Trainer.TrainedModel trained =
                new Trainer(spec).train(EventSequences.byKey(TestEvents.sensors(KEYS, 11, 0, 300)), null, line -> {});
        ModelManifest model = new ModelPublisher(spec, store).publish(trained);
        new ModelAnnouncements(spec).announce(store.pointer(model));

        List<Event> live = TestEvents.sensors(KEYS, 11, 300, 400, 5);
        List<String> bad = List.of("{oops", "[]", "{\"key\":\"k\",\"ts\":1,\"value\":\"x\"}", "");
        produce(spec, live, bad);

        BoundedJob.run(spec, store.uri(), "bounded");

        Map<String, List<Prediction>> received = OfflinePredictions.byKey(spec, readPredictions(spec, live.size()));
        assertThat(received)
                .isEqualTo(OfflinePredictions.of(spec, live, Map.of(), Map.of(1L, store.loadWeights(model))));
        assertThat(received).hasSize(KEYS);
        List<byte[]> deadLetters = readDeadLetters(spec, bad.size());
        assertThat(deadLetters)
                .map(d -> new String(d, StandardCharsets.UTF_8))
                .anyMatch(d -> d.contains("\"reason\":\"malformed_json\""))
                .anyMatch(d -> d.contains("\"reason\":\"not_an_object\""))
                .anyMatch(d -> d.contains("\"reason\":\"non_numeric_value\""))
                .anyMatch(d -> d.contains("\"reason\":\"empty_payload\""))
                .hasSize(bad.size());
    }

    @ParameterizedTest
    @EnumSource(JobSpec.SwapPolicy.class)
    void aModelAnnouncedMidStreamServesWithoutRestartOrLoss(JobSpec.SwapPolicy policy) throws Exception {
        JobSpec spec = spec(JOB.replace(
                "rewarmSteps: 16", "rewarmSteps: 16, onSwap: " + policy.name().toLowerCase()));
        swapMidStream(spec, publishTwo(spec));
        assertThat(InJvmMetrics.values(spec.name(), "modelVersion").max()).hasValue(2);
        if (policy == JobSpec.SwapPolicy.REWARM) {
            assertThat(InJvmMetrics.values(spec.name(), "rewarmedKeys").max().orElseThrow())
                    .isPositive();
        }
    }

    /**
     * The tuner may publish a model of another shape and other lag inputs: a job that tunes them swaps to
     * it mid-stream, each key re-warmed into the new size from its kept inputs read through the new
     * model's columns, and every event still gets exactly one prediction, the offline one.
     */
    @Test
    void aTunedModelOfAnotherShapeSwapsInMidStreamWithoutLossOrDoubling() throws Exception {
        JobSpec spec = spec(JOB.replace(
                "seed: 3}",
                "seed: 3, validationFraction: 0.2, tuning: {trials: 4, hidden: [8, 12], layers: [1, 2], "
                        + "lags: [[], [4, 9]]}}"));
        JobSpec tuned = spec.with(JobSpec.Model.HIDDEN, 12)
                .with(JobSpec.Model.LAYERS, 2)
                .with(JobSpec.Model.LAGS, List.of(9));
        swapMidStream(spec, publishTwo(spec, tuned));
        assertThat(InJvmMetrics.values(spec.name(), "rewarmedKeys").max().orElseThrow())
                .isPositive();
    }

    /**
     * Streams 40 events per key under version 1, announces version 2, then 40 more, half of them racing
     * the announcement and the rest once every subtask serves version 2. Every key must get exactly
     * one prediction per event, in order, each the offline one of the version that served it, with one
     * swap and no restart.
     */
    private void swapMidStream(JobSpec spec, Models models) throws Exception {
        models.announce(1);
        JobClient job = start(spec, null);
        List<Event> before = TestEvents.sensors(KEYS, 11, 0, 40);
        List<Event> after = TestEvents.sensors(KEYS, 11, 40, 80);
        List<byte[]> all = new ArrayList<>(stream(spec, before));
        models.announce(2);
        int half = after.size() / 2;
        produce(spec, after.subList(0, half), List.of());
        awaitServing(spec, 2);
        produce(spec, after.subList(half, after.size()), List.of());
        all.addAll(readPredictions(spec, after.size()));

        Map<String, List<Prediction>> received = OfflinePredictions.byKey(spec, all);
        assertThat(received.values())
                .allSatisfy(p ->
                        assertThat(p).hasSize(80).extracting(x -> x.step).containsExactlyElementsOf(stepsUpTo(80)));
        assertThat(received.values())
                .allSatisfy(p -> assertThat(p.get(79).modelVersion).isEqualTo(2));
        assertThat(received)
                .isEqualTo(OfflinePredictions.of(
                        spec,
                        concat(before, after),
                        OfflinePredictions.switchPoints(received),
                        models.weights,
                        models.lags));
        assertNoRestart(spec, job);
        assertThat(InJvmMetrics.values(spec.name(), "modelSwaps").max()).hasValue(1);
    }

    @Test
    void refusedAnnouncementsLeaveTheServingModelUntouched() throws Exception {
        JobSpec spec = spec(JOB);
        Models models = publishTwo(spec);
        models.announce(1);
        ModelAnnouncements announcements = new ModelAnnouncements(spec);
        ModelPointer v2 = models.pointers.get(2L);
        // corrupt bytes behind an announced version
        ModelManifest v3 =
                models.store.publish(ModelManifest.draft(spec, Map.of()), TestSpecs.randomWeightsFor(spec, 3), null);
        Path v3Weights =
                Path.of(java.net.URI.create(models.store.pointer(v3).uri())).resolve("weights.bin");
        Files.write(v3Weights, new byte[] {1, 2, 3});
        announcements.announce(models.store.pointer(v3));
        // wrong checksum
        announcements.announce(new ModelPointer(
                4, v2.uri(), "00" + v2.sha256().substring(2), v2.cell(), v2.shape(), v2.createdAt(), v2.metrics()));
        // a shape the job cannot use
        JobSpec wider = TestSpecs.parse(JOB.replace("hidden: 8", "hidden: 9"))
                .withModelStore(spec.model().store());
        ModelManifest v5 =
                models.store.publish(ModelManifest.draft(wider, Map.of()), TestSpecs.randomWeightsFor(wider, 5), null);
        announcements.announce(models.store.pointer(v5));
        // not newer than the serving version
        announcements.announce(models.pointers.get(1L));
        // outside the model store
        Path outside = Files.createDirectories(dir.resolve("elsewhere/v000002"));
        Path v2Dir = Path.of(java.net.URI.create(v2.uri()));
        for (String file : List.of("manifest.json", "weights.bin")) {
            Files.copy(v2Dir.resolve(file), outside.resolve(file));
        }
        announcements.announce(new ModelPointer(
                6, outside.toUri().toString(), v2.sha256(), v2.cell(), v2.shape(), v2.createdAt(), v2.metrics()));
        // not an announcement at all
        announcements.announceRaw("garbage", "{not json");

        JobClient job = start(spec, null);
        List<Event> events = TestEvents.sensors(KEYS, 11, 0, 30);
        Map<String, List<Prediction>> received = OfflinePredictions.byKey(spec, stream(spec, events));

        assertThat(received).isEqualTo(OfflinePredictions.of(spec, events, Map.of(), models.weights));
        assertThat(InJvmMetrics.values(spec.name(), "rejectedModels").max()).hasValue(6);
        assertThat(InJvmMetrics.values(spec.name(), "modelVersion").max()).hasValue(1);
        assertNoRestart(spec, job);
    }

    @Test
    void afterARestoreTheSwappedModelServesAtOnce() throws Exception {
        JobSpec spec = spec(JOB);
        Models models = publishTwo(spec);
        models.announce(1);
        JobClient job = start(spec, null);
        List<Event> first = TestEvents.sensors(KEYS, 11, 0, 30);
        List<byte[]> all = new ArrayList<>(stream(spec, first));
        models.announce(2);
        awaitServing(spec, 2);
        List<Event> second = TestEvents.sensors(KEYS, 11, 30, 60);
        all.addAll(stream(spec, second));
        assertThat(OfflinePredictions.byKey(spec, all).values())
                .allSatisfy(p -> assertThat(p.get(p.size() - 1).modelVersion).isEqualTo(2));

        String savepoint = job.stopWithSavepoint(
                        false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        // the restored job reads the models topic from its saved offsets, past every announcement:
        // only the pointer in broadcast state can tell it that version 2 serves
        JobClient restored = start(spec, savepoint);
        List<Event> third = TestEvents.sensors(KEYS, 11, 60, 90);
        all.addAll(stream(spec, third));

        Map<String, List<Prediction>> received = OfflinePredictions.byKey(spec, all);
        assertThat(received.values())
                .allSatisfy(p -> assertThat(p.subList(60, 90))
                        .allSatisfy(x -> assertThat(x.modelVersion).isEqualTo(2)));
        assertThat(received)
                .isEqualTo(OfflinePredictions.of(
                        spec,
                        concat(concat(first, second), third),
                        OfflinePredictions.switchPoints(received),
                        models.weights));
        assertNoRestart(spec, restored);
    }

    @Test
    void aRollbackIsANewVersionServingOldWeights() throws Exception {
        JobSpec spec = spec(JOB);
        Models models = publishTwo(spec);
        models.announce(2);
        JobClient job = start(spec, null);
        List<Event> first = TestEvents.sensors(KEYS, 11, 0, 20);
        List<byte[]> all = new ArrayList<>(stream(spec, first));

        ModelManifest v3 = models.store.rollback(1);
        assertThat(v3.version()).isEqualTo(3);
        assertThat(v3.rollbackOf()).isEqualTo(1);
        assertThat(v3.weightsSha256()).isEqualTo(models.pointers.get(1L).sha256());
        new ModelAnnouncements(spec).announce(models.store.pointer(v3));
        awaitServing(spec, 3);
        List<Event> second = TestEvents.sensors(KEYS, 11, 20, 50);
        all.addAll(stream(spec, second));

        Map<String, List<Prediction>> received = OfflinePredictions.byKey(spec, all);
        assertThat(received.values())
                .allSatisfy(p -> assertThat(p.get(p.size() - 1).modelVersion).isEqualTo(3));
        Map<Long, io.stepcast.runtime.model.ModelWeights> weights =
                Map.of(2L, models.weights.get(2L), 3L, models.weights.get(1L));
        assertThat(received)
                .isEqualTo(OfflinePredictions.of(
                        spec, concat(first, second), OfflinePredictions.switchPoints(received), weights));
        assertNoRestart(spec, job);
    }

    /** Two versions with different random weights in the spec's store. */
    private Models publishTwo(JobSpec spec) {
        return publishTwo(spec, spec);
    }

    /** Versions 1 and 2 of random weights, version 2 of {@code second}'s shape. */
    private Models publishTwo(JobSpec spec, JobSpec second) {
        Models models = new Models(spec);
        for (long seed = 1; seed <= 2; seed++) {
            JobSpec shaped = seed == 1 ? spec : second;
            io.stepcast.runtime.model.ModelWeights w = TestSpecs.randomWeightsFor(shaped, seed);
            ModelManifest m = models.store.publish(ModelManifest.draft(shaped, Map.of()), w, null);
            models.weights.put(m.version(), w);
            models.lags.put(m.version(), shaped.model().lags());
            models.pointers.put(m.version(), models.store.pointer(m));
        }
        return models;
    }

    private static final class Models {
        final JobSpec spec;
        final ModelStore store;
        final Map<Long, io.stepcast.runtime.model.ModelWeights> weights = new HashMap<>();
        final Map<Long, ModelPointer> pointers = new HashMap<>();
        final Map<Long, List<Integer>> lags = new HashMap<>();

        Models(JobSpec spec) {
            this.spec = spec;
            this.store = new ModelStore(spec.model().store());
        }

        void announce(long version) {
            new ModelAnnouncements(spec).announce(pointers.get(version));
        }
    }

    private JobClient start(JobSpec spec, String savepoint) throws Exception {
        Configuration conf = new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        new PredictionJob(spec, spec.model().store()).buildOnKafka(env, KafkaConnectors.eventSource(spec));
        JobClient job = env.executeAsync(spec.name());
        running.add(job);
        return job;
    }

    /** Waits until every predictor subtask serves {@code version}; the deadline turns a bug into a failure. */
    private static void awaitServing(JobSpec spec, long version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            var versions = InJvmMetrics.values(spec.name(), "modelVersion").summaryStatistics();
            if (versions.getCount() == spec.parallelism() && versions.getMin() == version) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("version " + version + " is not served by every subtask");
    }

    private static void assertNoRestart(JobSpec spec, JobClient job) throws Exception {
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(InJvmMetrics.values(spec.name(), "numRestarts").max()).hasValue(0);
        assertThat(InJvmMetrics.values(spec.name(), "taskAttempt").max()).hasValue(0);
    }

    /** Sends events to the job and returns the predictions it writes for them. */
    private List<byte[]> stream(JobSpec spec, List<Event> events) {
        produce(spec, events, List.of());
        return readPredictions(spec, events.size());
    }

    private static List<Event> concat(List<Event> a, List<Event> b) {
        List<Event> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Long> stepsUpTo(int n) {
        List<Long> steps = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            steps.add(i);
        }
        return steps;
    }

    /** Sends the events, then the bad records (payloads no parser accepts), to the events topic. */
    private void produce(JobSpec spec, List<Event> events, List<String> bad) {
        TestEvents.produce(spec, events, null);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaClientProperties.at(bootstrapServers()).producer(),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            bad.forEach(b ->
                    producer.send(new ProducerRecord<>(spec.topics().events(), b.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private List<byte[]> readPredictions(JobSpec spec, int expected) {
        return CommittedRecords.values(
                bootstrapServers(), spec.topics().predictions(), RecordSchemas.PREDICTION, expected);
    }

    private List<byte[]> readDeadLetters(JobSpec spec, int expected) {
        return CommittedRecords.values(
                bootstrapServers(), spec.topics().deadLetter(), RecordSchemas.DEAD_LETTER, expected);
    }
}
