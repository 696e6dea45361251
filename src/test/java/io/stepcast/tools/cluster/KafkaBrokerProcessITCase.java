package io.stepcast.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.tools.embedded.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The broker as an OS process keeps acknowledged records through a SIGKILL and a restart on the same port and data. */
@Tag("cluster")
class KafkaBrokerProcessITCase {
    private static final String TOPIC = "survivors";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void acknowledgedRecordsSurviveASigkillAndARestart() throws Exception {
        Path dir = Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "cluster-tests")), "KafkaBrokerProcessITCase-");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, 0)) {
            KafkaTopics.create(broker.bootstrapServers(), Map.of(TOPIC, 1), List.of());
            produce(broker, IntStream.range(0, 100).mapToObj(i -> "before-" + i).toList());

            long pid = broker.pid();
            broker.kill();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();

            broker.restart();
            assertThat(broker.pid()).isNotEqualTo(pid);
            assertThat(readAll(broker, 100)).hasSize(100).startsWith("before-0").endsWith("before-99");

            produce(broker, List.of("after-0", "after-1"));
            assertThat(readAll(broker, 102)).hasSize(102).endsWith("before-99", "after-0", "after-1");
        }
    }

    /** Sends and waits for every acknowledgement from the (only) replica. */
    private static void produce(KafkaBrokerProcess broker, List<String> values) throws Exception {
        Properties props = KafkaClientProperties.at(broker.bootstrapServers()).producer();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, value)).get();
            }
        }
    }

    /** Polls from the beginning until {@code expected} records arrived or the timeout passed. */
    private static List<String> readAll(KafkaBrokerProcess broker, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                KafkaClientProperties.at(broker.bootstrapServers()).consumer(),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
