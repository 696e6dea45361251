package io.stepcast.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionFileTest {
    @Test
    void readsJsonLinesWithTheFeatureNamesOfTheFirstRecord(@TempDir Path dir) throws Exception {
        ReportData data = PredictionFile.read(SamplePredictions.writeLines(dir.resolve("p.jsonl")));

        assertThat(data.keys()).isEqualTo(3);
        assertThat(data.predictions()).isEqualTo(60 + 45 + 20);
        assertThat(ReportPage.dataBlock(data)).isEqualTo(ReportPage.dataBlock(SamplePredictions.data()));
    }

    @Test
    void namesTheLineThatIsNoPrediction(@TempDir Path dir) throws Exception {
        Path file = SamplePredictions.writeLines(dir.resolve("p.jsonl"));
        Files.writeString(file, "{\"reason\":\"malformed_json\"}\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> PredictionFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ":" + (60 + 45 + 20 + 2) + ": not a Stepcast prediction");
    }
}
