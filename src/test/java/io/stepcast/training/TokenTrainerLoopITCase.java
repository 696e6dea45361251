package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import io.stepcast.tools.sequence.Session;
import io.stepcast.tools.sequence.SessionEvents;
import io.stepcast.tools.sequence.WorkflowGrammar;
import io.stepcast.tools.sequence.WorkflowSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining rounds of a job with tokens against a real broker: the first round learns the vocabulary
 * and beats the token frequencies; once a new event type appears, the next round grows the vocabulary
 * by appending it, so every token keeps its id, continues from the serving network's weights, and
 * beats the serving model, which cannot know the new token.
 */
class TokenTrainerLoopITCase {
    private static final String JOB = """
            name: token-loop
            topics: {events: events-token-loop, predictions: predictions-token-loop, models: models-token-loop}
            fields: {key: session, features: []}
            tokens: {field: event}
            model: {cell: lstm, hidden: 16}
            training: {epochs: 8, sequenceLength: 64, tbptt: 64, batchSize: 16, learningRate: 0.02, seed: 5}
            """;
    private static final String NEW_TOKEN = "wishlist";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @Test
    void aNewTokenGrowsTheVocabularyKeepingEveryIdAndTheGrownModelServes() {
        JobSpec spec = TestSpecs.parse(JOB)
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        KAFKA.createTopics(
                Map.of(spec.topics().events(), 2, spec.topics().models(), 1),
                List.of(spec.topics().models()));
        ModelStore store = new ModelStore(spec.model().store());
        WorkflowGrammar shop = WorkflowGrammar.shop();
        TestEvents.produce(
                spec,
                SessionEvents.interleave(
                        new WorkflowSessions(shop, 0, 7).generate(200), TestEvents.START_MS, 60_000, 10_000),
                null);

        TrainingRound first = new TrainerLoop(spec, log::add).runOnce();

        assertThat(first.outcome()).isEqualTo(TrainingRound.Outcome.PROMOTED);
        assertThat(first.decision().baselineName()).isEqualTo("token frequencies");
        assertThat(first.decision().candidateMae()).isLessThan(first.decision().baselineMae() / 2);
        List<String> learned = first.published().vocabulary();
        assertThat(learned).containsExactlyInAnyOrderElementsOf(shop.tokens());
        assertThat(first.published().metrics()).containsKeys("validationCrossEntropy", "validationTop1");

        TestEvents.produce(spec, withNewToken(new WorkflowSessions(shop, 0, 8).generate(200)), null);

        TrainingRound second = new TrainerLoop(spec, log::add).runOnce();

        assertThat(second.outcome()).isEqualTo(TrainingRound.Outcome.PROMOTED);
        assertThat(second.decision().baselineName()).isEqualTo("serving v1");
        ModelManifest grown = second.published();
        assertThat(grown.vocabulary()).hasSize(learned.size() + 1).startsWith(learned.toArray(String[]::new));
        assertThat(grown.vocabulary()).last().isEqualTo(NEW_TOKEN);
        assertThat(grown.metrics())
                .containsEntry(
                        "servingValidationCrossEntropy", second.decision().baselineMae());
        assertThat(log)
                .anyMatch(line -> line.startsWith("the vocabulary grew to 16 ids")
                        && line.contains("continues from the serving model's weights"));
        assertThat(new ModelAnnouncements(spec).serving(store)).contains(store.pointer(grown));
    }

    /** The sessions a day later, each view-item of every other session followed by the new event type. */
    private static List<Event> withNewToken(List<Session> sessions) {
        List<Session> changed = new ArrayList<>();
        for (int s = 0; s < sessions.size(); s++) {
            Session session = sessions.get(s);
            List<String> tokens = new ArrayList<>();
            for (String token : session.tokens()) {
                tokens.add(token);
                if (s % 2 == 0 && token.equals("view-item")) {
                    tokens.add(NEW_TOKEN);
                }
            }
            changed.add(Session.normal(session.key() + "-b", tokens));
        }
        return SessionEvents.interleave(changed, TestEvents.START_MS + 86_400_000L, 60_000, 10_000);
    }
}
