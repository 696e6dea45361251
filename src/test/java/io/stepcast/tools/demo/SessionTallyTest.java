package io.stepcast.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.tools.sequence.NextTokenEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The session demo's figures, from predictions handed in directly (no broker is contacted). */
class SessionTallyTest {
    private static final JobSpec LOGS = JobSpecLoader.load("classpath:jobs/logs.yaml");

    private final List<String> lines = new ArrayList<>();
    private final SessionTally tally =
            new SessionTally("localhost:1", LOGS.topics(), JsonCodec.of(LOGS), Set.of("b", "c"), 5, lines::add);

    @Test
    void countsSessionsFlagsAccuracyAndPerplexity() {
        tally.add(prediction("a", 1, "login", 1, 0.5, false, false), 1);
        tally.add(prediction("a", 2, "home", 2, 0.25, false, false), 2);
        tally.add(prediction("b", 1, "login", 1, 0.5, false, false), 3);
        tally.add(prediction("b", 2, "pay", 7, 0.001, true, false), 4); // injected, flagged: detected
        tally.add(prediction("c", 1, "logout", 3, 0.125, false, false), 5); // injected, not flagged: missed
        tally.add(prediction("d", 1, "export-all", 4, 0.0625, true, true), 6); // unknown: flagged, never a hit
        Prediction passedThrough = prediction("e", 1, "login", 0, 0, false, false);
        passedThrough.modelVersion = 2;
        tally.add(passedThrough, 7); // no model yet: read, not scored
        Prediction again = prediction("b", 3, "pay", 9, 0.002, true, false);
        again.modelVersion = 2;
        tally.add(again, 8); // a session's second flag adds an event, not a session

        Map<String, Object> summary = tally.summary();

        double nats = -(Math.log(0.5)
                + Math.log(0.25)
                + Math.log(0.5)
                + Math.log(0.001)
                + Math.log(0.125)
                + Math.log(0.0625)
                + Math.log(0.002));
        assertThat(summary)
                .containsExactly(
                        entry("predictions_out", 8L),
                        entry("dead_letters", 0L),
                        entry("sessions", 5),
                        entry("injected_sessions", 2),
                        entry("flagged_sessions", 2),
                        entry("detected_sessions", 1),
                        entry("precision", 0.5),
                        entry("recall", 0.5),
                        entry("predictions", 7L),
                        entry("top1_accuracy", Math.round(2 / 7.0 * 1e4) / 1e4),
                        entry("topg_accuracy", Math.round(4 / 7.0 * 1e4) / 1e4),
                        entry("perplexity", Math.round(Math.exp(nats / 7) * 1e4) / 1e4),
                        entry("unexpected_events", 3L),
                        entry("out_of_vocabulary", 1L),
                        entry("model_versions", List.of(1L, 2L)),
                        entry("predictions_by_version", Map.of(1L, 6L, 2L, 2L)));
        assertThat(lines)
                .containsExactly(
                        "unexpected: b 'pay' at step 2 (rank 7, p 0.0010) <- injected",
                        "unexpected: d 'export-all' at step 1 (rank 4, p 0.0625, out of vocabulary)");
        assertThat(tally.progress()).isEqualTo("sessions 5  flagged 2");
    }

    @Test
    void anInjectedSessionNotYetReadIsNotMissed() {
        tally.add(prediction("b", 1, "logout", 3, 0.001, true, false), 1);

        NextTokenEvaluation.Detection detection = tally.detection();

        // "c" never arrived: it counts neither way
        assertThat(detection).isEqualTo(new NextTokenEvaluation.Detection(1, 0, 0));
        assertThat(detection.recall()).isEqualTo(1.0);
    }

    @Test
    void figuresWithNothingScoredOrFlagged() {
        assertThat(SessionTally.figures(
                        0, Double.NaN, Double.NaN, Double.NaN, new NextTokenEvaluation.Detection(0, 0, 3)))
                .containsExactly(
                        entry("flagged_sessions", 0),
                        entry("detected_sessions", 0),
                        entry("precision", 0.0),
                        entry("recall", 0.0),
                        entry("predictions", 0L),
                        entry("top1_accuracy", null),
                        entry("topg_accuracy", null),
                        entry("perplexity", null));
    }

    private static Prediction prediction(
            String key, long step, String token, int rank, double probability, boolean unexpected, boolean unknown) {
        Prediction p = new Prediction();
        p.key = key;
        p.step = step;
        p.token = token;
        p.tokenRank = rank;
        p.tokenProbability = probability;
        p.unexpectedToken = unexpected;
        p.outOfVocabulary = unknown;
        p.modelVersion = 1;
        return p;
    }
}
