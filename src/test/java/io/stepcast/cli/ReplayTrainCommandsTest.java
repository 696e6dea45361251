package io.stepcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.demo.SyntheticSensors;
import io.stepcast.embedded.EmbeddedKafka;
import io.stepcast.io.Event;
import io.stepcast.model.ModelManifest;
import io.stepcast.model.ModelStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay a CSV into Kafka, then train from the topic, twice: the second run warm-starts a new version. */
class ReplayTrainCommandsTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Map.of("events", 2), List.of());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void replayThenTrainFromTheTopicPublishesVersions(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("key,ts,value"));
        for (Event e : new SyntheticSensors(3, 5).generate(0, 300, Integer.MAX_VALUE, 0)) {
            lines.add(e.key + "," + Instant.ofEpochMilli(e.ts) + "," + e.values[0]);
        }
        Path csv = Files.write(dir.resolve("history.csv"), lines);
        Path store = dir.resolve("models");

        assertThat(run("replay", "--job", "jobs/demo.yaml", "--bootstrap", kafka.bootstrapServers(),
                "--input", csv.toString())).contains("sent 900 events to events");

        String first = run("train", "--job", "jobs/demo.yaml", "--bootstrap", kafka.bootstrapServers(),
                "--model-store", store.toString(), "--input", "kafka");
        assertThat(first).contains("read 900 events from events (0 invalid skipped)")
                .contains("training from random weights")
                .contains("published version 1");

        String second = run("train", "--job", "jobs/demo.yaml", "--bootstrap", kafka.bootstrapServers(),
                "--model-store", store.toString(), "--input", "kafka");
        assertThat(second).contains("warm start from the newest stored model").contains("published version 2");

        ModelManifest latest = new ModelStore(store.toString()).latest().orElseThrow();
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.metrics()).containsKeys("trainLoss", "validationMae", "validationNaiveMae");
        assertThat(latest.job()).isEqualTo("demo");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }
}
