package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --job}: the page of a predictions topic's committed records; and its usage errors. */
class ReportCommandITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void writesThePageOfTheCommittedPredictions(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(Map.of("rep-out", 2), List.of());
        Path job = Files.writeString(
                dir.resolve("rep.yaml"), "name: rep\ntopics: {events: rep-in, predictions: rep-out}\n");
        JsonCodec codec = new JsonCodec(List.of("value"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 7; i++) {
                producer.send(new ProducerRecord<>("rep-out", codec.prediction(prediction("pump-" + i % 2, i))));
            }
        }
        Path page = dir.resolve("report.html");

        String printed = Cli.run(
                "report", "--job", job.toString(), "--bootstrap", KAFKA.bootstrapServers(), "--out", page.toString());

        assertThat(printed.strip()).isEqualTo(page.toAbsolutePath().toString());
        assertThat(Files.readString(page))
                .contains("<title>Stepcast predictions: rep / rep-out</title>")
                .contains("{\"features\":[\"value\"],\"keys\":[{\"key\":\"pump-0\",\"t\":[")
                .contains("{\"key\":\"pump-1\"");
    }

    @Test
    void takesExactlyOneSource() {
        assertThat(exit("report")).isEqualTo(2);
        assertThat(exit("report", "--job", "j.yaml", "--input", "p.jsonl")).isEqualTo(2);
        assertThat(exit("report", "--bootstrap", "localhost:1", "--input", "p.jsonl"))
                .isEqualTo(2);
    }

    private static Prediction prediction(String key, int i) {
        Prediction p = new Prediction();
        p.key = key;
        p.ts = 1_767_600_000_000L + i * 60_000L;
        p.step = i / 2 + 1;
        p.observed = new double[] {i};
        p.next = new double[] {i};
        p.modelVersion = 1;
        return p;
    }

    private static int exit(String... args) {
        return StepcastCommand.commandLine()
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(new StringWriter(), true))
                .execute(args);
    }
}
