package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code read}: a topic's committed records, as a read_committed consumer sees them. */
class ReadCommandITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void printsCommittedRecordsAndNotAbortedOnes(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(Map.of("r-out", 1, "r-in-dlq", 1), List.of());
        Path job = Files.writeString(dir.resolve("r.yaml"), "name: r\ntopics: {events: r-in, predictions: r-out}\n");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KAFKA.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "read-command-test"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("r-out", "a", "{\"step\":1}"));
            producer.send(new ProducerRecord<>("r-out", "a", "{\"step\":2}"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("r-out", "a", "{\"step\":3}"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("r-in-dlq", "a", "{\"reason\":\"malformed_json\"}"));
            producer.commitTransaction();
        }
        String[] base = {"read", "--job", job.toString(), "--bootstrap", KAFKA.bootstrapServers()};

        assertThat(Cli.run(base)).isEqualTo("{\"step\":1}\n{\"step\":2}\n");
        assertThat(Cli.run(concat(base, "--topic", "deadLetter"))).isEqualTo("{\"reason\":\"malformed_json\"}\n");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
