package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo, shortened, through the real command line: it must end by itself with a truthful summary. */
class DemoSmokeITCase {
    @Test
    void shortDemoEndsWithASummaryLine() throws Exception {
        StringWriter out = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .execute("demo", "--seconds", "10", "--keys", "4");

        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        Map<?, ?> summary = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
        // 4 keys x 2 days of 5-minute readings, plus one record of each bad kind
        int live = 4 * 2 * 288;
        int bad = 5;
        assertThat(summary.get("events_in")).isEqualTo(live + bad);
        assertThat(summary.get("predictions_out")).isEqualTo(live);
        assertThat(summary.get("dead_letters")).isEqualTo(bad);
        assertThat(summary.get("keys")).isEqualTo(4);
        // the stream is held at its middle until the trainer's round has ended and the job serves the
        // promoted model, so on any machine both versions predict: the first half by version 1, the rest by 2
        assertThat(summary.get("job_restarts")).isEqualTo(0);
        assertThat(summary.get("swaps")).isEqualTo(1);
        assertThat(summary.get("rejected_models")).isEqualTo(1);
        assertThat(summary.get("model_versions")).isEqualTo(List.of(1, 2));
        Map<?, ?> byVersion = (Map<?, ?>) summary.get("predictions_by_version");
        assertThat(byVersion.keySet()).isEqualTo(Set.of("1", "2"));
        assertThat(((Number) byVersion.get("1")).intValue()).isGreaterThanOrEqualTo(live / 10);
        assertThat(((Number) byVersion.get("2")).intValue()).isGreaterThanOrEqualTo(live / 2 - 1);
        assertThat(((Number) byVersion.get("1")).intValue() + ((Number) byVersion.get("2")).intValue())
                .isEqualTo(live);
        // measured across the swap: predictions of both versions reached the consumer, with gaps between them
        assertThat(((Number) summary.get("max_output_gap_ms")).longValue()).isPositive();
        assertThat(((Number) summary.get("stream_held_ms")).longValue()).isNotNegative();
        // this short run of four keys only checks the figures are sane; the full demo's margin over
        // persistence is in the README, and TrainerTest holds trained models to beating persistence
        double naive = ((Number) summary.get("naive_mean_abs_error")).doubleValue();
        assertThat(naive).isPositive();
        assertThat(((Number) summary.get("mean_abs_error")).doubleValue())
                .isPositive()
                .isLessThan(2 * naive);
        assertThat((Integer) summary.get("anomalies_detected")).isPositive().isLessThanOrEqualTo((Integer)
                summary.get("injected_anomalies"));
        assertThat(out.toString())
                .contains("training a first lstm")
                .contains("Flink job")
                .contains("trainer: ");
        // the picture of the predictions it read, the line before the summary
        Path report = Path.of(lines.get(lines.size() - 2).substring("report: ".length()));
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("\"key\":\"sensor-00\"");
        Files.delete(report);
    }
}
