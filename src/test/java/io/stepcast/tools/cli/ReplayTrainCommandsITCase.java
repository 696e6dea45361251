package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.tools.demo.SyntheticSensors;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** replay a CSV into Kafka, then train from the topic, twice: the second run warm-starts a new version. */
class ReplayTrainCommandsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(Map.of("events", 2), List.of());
    }

    @Test
    void replayThenTrainFromTheTopicPublishesVersions(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("key,ts,value"));
        for (Event e : new SyntheticSensors(3, 5).generate(0, 300, Integer.MAX_VALUE, 0)) {
            lines.add(e.key + "," + Instant.ofEpochMilli(e.ts) + "," + e.values[0]);
        }
        Path csv = Files.write(dir.resolve("history.csv"), lines);
        Path store = dir.resolve("models");

        assertThat(Cli.run(
                        "replay",
                        "--job",
                        "jobs/demo.yaml",
                        "--bootstrap",
                        KAFKA.bootstrapServers(),
                        "--input",
                        csv.toString()))
                .contains("sent 900 events to events");

        String first = Cli.run(
                "train",
                "--job",
                "jobs/demo.yaml",
                "--bootstrap",
                KAFKA.bootstrapServers(),
                "--model-store",
                store.toString(),
                "--input",
                "kafka");
        assertThat(first)
                .contains("read 900 events from events (0 invalid skipped)")
                .contains("training from random weights")
                .contains("published version 1");

        String second = Cli.run(
                "train",
                "--job",
                "jobs/demo.yaml",
                "--bootstrap",
                KAFKA.bootstrapServers(),
                "--model-store",
                store.toString(),
                "--input",
                "kafka");
        assertThat(second).contains("warm start from the newest stored model").contains("published version 2");

        ModelManifest latest = new ModelStore(store.toString()).latest().orElseThrow();
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.metrics()).containsKeys("trainLoss", "validationMae", "validationNaiveMae");
        assertThat(latest.job()).isEqualTo("demo");
    }
}
