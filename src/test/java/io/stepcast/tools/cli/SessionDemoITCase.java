package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.tools.sequence.Session;
import io.stepcast.tools.sequence.WorkflowGrammar;
import io.stepcast.tools.sequence.WorkflowSessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session demo of a categorical job, shortened, through the real command line: every event of
 * the streamed sessions is predicted once by the first model, and with the fixed seeds the model
 * finds the injected sessions and flags no normal one.
 */
class SessionDemoITCase {
    private static final int SESSIONS = 200;
    private static final long SEED = 7;

    @Test
    void sessionDemoFindsTheInjectedSessions() throws Exception {
        StringWriter out = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .execute("demo", "--job", "jobs/logs.yaml", "--sessions", "" + SESSIONS, "--seconds", "10");

        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        Map<?, ?> summary = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
        // the streamed sessions are the demo's seed + 1 draw, with a tenth injected
        List<Session> live = new WorkflowSessions(WorkflowGrammar.shop(), 0.1, SEED + 1).generate(SESSIONS);
        int events = live.stream().mapToInt(s -> s.tokens().size()).sum();
        int injected = (int) live.stream().filter(Session::injected).count();
        assertThat(injected).isEqualTo(24);
        assertThat(summary.get("events_in")).isEqualTo(events);
        assertThat(summary.get("predictions_out")).isEqualTo(events);
        assertThat(summary.get("predictions")).isEqualTo(events);
        assertThat(summary.get("dead_letters")).isEqualTo(0);
        assertThat(summary.get("sessions")).isEqualTo(SESSIONS);
        assertThat(summary.get("injected_sessions")).isEqualTo(injected);
        assertThat(summary.get("model_versions")).isEqualTo(List.of(1));
        assertThat(summary.get("predictions_by_version")).isEqualTo(Map.of("1", events));
        assertThat(summary.get("job_restarts")).isEqualTo(0);
        assertThat(summary.get("swaps")).isEqualTo(0);
        // the unseen event type is unknown to the first model, which trained on normal sessions only
        int unseen = (int) live.stream()
                .flatMap(s -> s.tokens().stream())
                .filter(WorkflowSessions.UNSEEN::equals)
                .count();
        assertThat(summary.get("out_of_vocabulary")).isEqualTo(unseen);
        // training is seeded (repeated runs ended with the same loss to the last digit); the first model's
        // least likely legal next event had p 0.032 (the floor is 0.01) and rank 5 (the flag needs 6), and
        // every injected session had an event below p 0.0062 or ranked 6 or lower
        assertThat(summary.get("flagged_sessions")).isEqualTo(injected);
        assertThat(summary.get("detected_sessions")).isEqualTo(injected);
        assertThat(summary.get("precision")).isEqualTo(1.0);
        assertThat(summary.get("recall")).isEqualTo(1.0);
        assertThat((Double) summary.get("topg_accuracy")).isGreaterThan(0.95);
        Map<?, ?> baselines = (Map<?, ?>) summary.get("baselines");
        Map<?, ?> frequency = (Map<?, ?>) baselines.get("frequency");
        Map<?, ?> bigram = (Map<?, ?>) baselines.get("bigram");
        assertThat(frequency.get("predictions")).isEqualTo(events);
        assertThat(bigram.get("predictions")).isEqualTo(events);
        // the model knows far more than how often each event type occurs
        assertThat((Double) summary.get("top1_accuracy")).isGreaterThan((Double) frequency.get("top1_accuracy") + 0.2);
        assertThat((Double) summary.get("perplexity")).isLessThan((Double) frequency.get("perplexity") / 2);
        assertThat(out.toString())
                .contains("training a first lstm next-event model on 300 normal sessions")
                .contains("Flink job")
                .contains("<- injected");
    }
}
