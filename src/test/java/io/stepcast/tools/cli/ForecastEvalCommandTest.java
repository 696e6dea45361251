package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastEvalCommandTest {
    @TempDir
    Path dir;

    /** 400 half-hourly rows of a daily cycle, and a job small enough to train in moments. */
    private String[] args(String... more) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            csv.append(Instant.ofEpochMilli(i * 1_800_000L))
                    .append(',')
                    .append(200 + 50 * Math.sin(2 * Math.PI * i / 48) + i % 7)
                    .append('\n');
        }
        Files.writeString(dir.resolve("series.csv"), csv);
        Files.writeString(dir.resolve("tiny.yaml"), """
                fields: {time: timestamp}
                time: {features: [hour-of-day, day-of-week]}
                model: {hidden: 4, horizon: 1}
                training: {epochs: 1, sequenceLength: 24, tbptt: 12, batchSize: 8, validationFraction: 0,
                           everyEvents: 100, windowEvents: 200}
                """);
        List<String> all = new java.util.ArrayList<>(List.of(
                "forecast-eval",
                "--job",
                dir.resolve("tiny.yaml").toString(),
                "--file",
                dir.resolve("series.csv").toString(),
                "--horizon",
                "2"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void jsonReportAndOneOutputRowPerScoredPrediction() throws Exception {
        Path out = dir.resolve("forecasts.csv");
        JsonNode report =
                new ObjectMapper().readTree(Cli.run(args("--from-row", "340", "--json", "--out", out.toString())));

        assertThat(report.path("horizon").asInt()).isEqualTo(2);
        assertThat(report.path("rows").asInt()).isEqualTo(400);
        assertThat(report.path("from").asInt()).isEqualTo(340);
        assertThat(report.path("to").asInt()).isEqualTo(398);
        for (String forecaster : List.of("model", "persistence", "weekly_naive")) {
            assertThat(report.path(forecaster).path("count").asInt())
                    .as(forecaster)
                    .isEqualTo(58);
            assertThat(report.path(forecaster).path("mape").asDouble())
                    .as(forecaster)
                    .isPositive();
            assertThat(report.path(forecaster).path("nrmse").asDouble())
                    .as(forecaster)
                    .isPositive();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(59);
        assertThat(lines.get(0)).isEqualTo("timestamp_made,target_row,actual,predicted");
        assertThat(lines.get(1)).startsWith("1970-01-08T02:00:00Z,342,");
    }

    @Test
    void textReportNamesTheModelAndBothBaselines() throws Exception {
        String text = Cli.run(args("--from-row", "350", "--to-row", "360"));
        assertThat(text)
                .contains("prediction times [350, 360): 10 scored", "model", "persistence", "weekly-naive (lag 336)");
    }

    @Test
    void endPastTheLastKnownTargetIsAClearError() throws Exception {
        assertThat(Cli.runFailing(args("--from-row", "340", "--to-row", "399")))
                .contains("--to-row 399 is past the last prediction time with a known target")
                .contains("at most 398");
    }
}
