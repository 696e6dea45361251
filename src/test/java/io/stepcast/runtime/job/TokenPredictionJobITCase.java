package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.RecordSchemas;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.TokenPredictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import io.stepcast.tools.sequence.Session;
import io.stepcast.tools.sequence.SessionEvents;
import io.stepcast.tools.sequence.WorkflowGrammar;
import io.stepcast.tools.sequence.WorkflowSessions;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.TokenTrainer;
import io.stepcast.training.Trainer;
import io.stepcast.training.input.EventSequences;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The categorical job of {@code jobs/logs.yaml} end to end, on a real broker and the MiniCluster: a
 * model trained by the trainer's {@link TokenTrainer} on normal web-shop sessions serves a stream of
 * sessions, a fifth of them taken out of the grammar in four ways. Every injected session must be
 * flagged at its first injected event and no normal session anywhere, and every prediction must equal
 * the offline computation with the job's own {@link TokenPredictor}. The numeric job of
 * {@code jobs/demo.yaml} runs beside it on the same cluster, and its predictions must be its own
 * oracle's: the two kinds of job share a cluster as they share the code.
 */
class TokenPredictionJobITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @TempDir
    Path dir;

    @Test
    void everyInjectedSessionIsFlaggedWhereItLeavesTheGrammarAndNoNormalOneIs() throws Exception {
        JobSpec spec = spec("jobs/logs.yaml");
        JobSpec numeric = spec("jobs/demo.yaml");
        ModelWeights numericWeights = TestSpecs.randomWeightsFor(numeric, 3);
        ModelStore numericStore = new ModelStore(numeric.model().store());
        new ModelAnnouncements(numeric)
                .announce(numericStore.pointer(TestSpecs.publish(numericStore, numeric, numericWeights)));
        List<Event> readings = TestEvents.sensors(4, 11, 0, 100);
        TestEvents.produce(numeric, readings, null);

        WorkflowGrammar shop = WorkflowGrammar.shop();
        Map<String, List<Event>> training = new TreeMap<>(EventSequences.byKey(SessionEvents.interleave(
                new WorkflowSessions(shop, 0, 1).generate(600), TestEvents.START_MS, 60_000, 10_000)));
        TokenTrainer trainer = new TokenTrainer(spec);
        TokenVocabulary vocabulary = trainer.vocabulary(training, null);
        Trainer.TrainedModel model = trainer.train(training, vocabulary, null, line -> {});
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest published = new ModelPublisher(spec, store).publish(model, vocabulary);
        new ModelAnnouncements(spec).announce(store.pointer(published));

        List<Session> sessions = new WorkflowSessions(shop, 0.2, 2).generate(150);
        List<Event> stream = SessionEvents.interleave(sessions, TestEvents.START_MS + 86_400_000L, 60_000, 10_000);
        TestEvents.produce(spec, stream, null);
        JobClient numericJob = BoundedJob.start(numeric, numeric.model().store(), numeric.name());
        BoundedJob.run(spec, spec.model().store(), spec.name());
        numericJob.getJobExecutionResult().get();
        assertThat(OfflinePredictions.byKey(
                        numeric,
                        CommittedRecords.values(
                                KAFKA.bootstrapServers(),
                                numeric.topics().predictions(),
                                RecordSchemas.PREDICTION,
                                readings.size())))
                .isEqualTo(OfflinePredictions.of(numeric, readings, Map.of(), Map.of(1L, numericWeights)));

        Map<String, List<Prediction>> received = OfflinePredictions.byKey(
                spec,
                CommittedRecords.values(
                        KAFKA.bootstrapServers(),
                        spec.topics().predictions(),
                        RecordSchemas.TOKEN_PREDICTION,
                        stream.size()));
        assertThat(received)
                .isEqualTo(offline(spec, stream, store.loadWeights(published), vocabulary, published.version()));

        assertThat(sessions.stream().filter(Session::injected)).hasSizeBetween(20, 40);
        for (Session session : sessions) {
            List<Prediction> predictions = received.get(session.key());
            List<Integer> flagged = IntStream.range(0, predictions.size())
                    .filter(i -> predictions.get(i).unexpectedToken)
                    .boxed()
                    .toList();
            if (session.injected()) {
                assertThat(flagged)
                        .as("%s (%s)", session.key(), session.injection())
                        .isNotEmpty()
                        .first()
                        .isEqualTo(session.injectedAt().get(0));
            } else {
                assertThat(flagged)
                        .as(
                                "%s, a normal session: %s",
                                session.key(),
                                flagged.stream().map(predictions::get).toList())
                        .isEmpty();
            }
        }
        assertThat(received.values().stream()
                        .flatMap(List::stream)
                        .filter(p -> p.outOfVocabulary)
                        .map(p -> p.token)
                        .distinct())
                .containsExactly(WorkflowSessions.UNSEEN);
    }

    /** The job of {@code file} on fresh topics of the test's broker, with a model store of its own. */
    private JobSpec spec(String file) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        JobSpec spec = JobSpecLoader.load(file)
                .with(JobSpec.NAME, "job-" + id)
                .with(JobSpec.Topics.EVENTS, "ev-" + id)
                .with(JobSpec.Topics.PREDICTIONS, "pr-" + id)
                .with(JobSpec.Topics.DEAD_LETTER, "dl-" + id)
                .with(JobSpec.Topics.MODELS, "mo-" + id)
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models-" + id).toString());
        KAFKA.createTopics(
                Map.of(
                        spec.topics().events(), 3,
                        spec.topics().predictions(), 2,
                        spec.topics().deadLetter(), 1,
                        spec.topics().models(), 1),
                List.of(spec.topics().models()));
        return spec;
    }

    private static Map<String, List<Prediction>> offline(
            JobSpec spec, List<Event> stream, ModelWeights weights, TokenVocabulary vocabulary, long version) {
        TokenPredictor predictor = new TokenPredictor(spec, RecurrentKernel.of(weights), vocabulary, version);
        Map<String, List<Prediction>> out = new LinkedHashMap<>();
        EventSequences.byKey(stream).forEach((key, events) -> {
            KeyState state = predictor.newState();
            out.put(key, events.stream().map(e -> predictor.step(state, e)).toList());
        });
        return out;
    }
}
