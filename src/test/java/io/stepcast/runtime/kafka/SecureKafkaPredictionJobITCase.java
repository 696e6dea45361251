package io.stepcast.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.LogWatch;
import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.job.BoundedJob;
import io.stepcast.runtime.job.OfflinePredictions;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.BrokerKeys;
import io.stepcast.tools.embedded.ClientListener;
import io.stepcast.tools.embedded.EmbeddedKafka;
import io.stepcast.tools.embedded.KafkaTopics;
import io.stepcast.tools.embedded.TestCertificates;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.Trainer;
import io.stepcast.training.input.EventSequences;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end against a broker that only speaks SASL_SSL (PLAIN logins over TLS, with a
 * certificate made for the test): topics, model announcement, events, the job on a Flink MiniCluster
 * and the predictions read back all connect through the job file's {@code kafka.properties}, and no
 * password reaches a log line or a dead letter. Clients without TLS, or with a wrong password, are
 * refused, so the run cannot have gone through a plaintext door.
 */
class SecureKafkaPredictionJobITCase {
    private static final int KEYS = 6;
    private static final String USER = "stepcast";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    static Path certificates;

    private static BrokerKeys keys;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecureBroker() {
        keys = TestCertificates.generate(certificates);
        kafka = EmbeddedKafka.start(ClientListener.saslPlainOverTls(keys, Map.of(USER, PASSWORD)));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void predictionsOverSaslSslEqualTheOfflineOnesAndNoSecretIsLoggedOrDeadLettered() throws Exception {
        JobSpec spec = spec(jaasConfig(PASSWORD));
        List<Event> live = TestEvents.sensors(KEYS, 11, 300, 360, 2);
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest model;
        List<byte[]> predictions = new ArrayList<>();
        List<byte[]> deadLetters = new ArrayList<>();
        try (LogWatch logs = LogWatch.open()) {
            assertThat(KafkaTopics.createFor(spec, 2)).hasSize(4);
            Trainer.TrainedModel trained = new Trainer(spec)
                    .train(EventSequences.byKey(TestEvents.sensors(KEYS, 11, 0, 300)), null, line -> {});
            model = new ModelPublisher(spec, store).publish(trained);
            new ModelAnnouncements(spec).announce(store.pointer(model));
            TestEvents.produce(spec, live, null);
            produceMalformed(spec);

            BoundedJob.run(spec, store.uri(), "secure");
            // the bounded job has committed everything it wrote: one pass over each topic sees it all
            Properties consumer = KafkaClientProperties.of(spec).consumer();
            TopicRange.read(
                    consumer, spec.topics().predictions(), TopicRange.BEGINNING, r -> predictions.add(r.value()));
            TopicRange.read(
                    consumer, spec.topics().deadLetter(), TopicRange.BEGINNING, r -> deadLetters.add(r.value()));

            for (String secret : List.of(PASSWORD, keys.password())) {
                assertThat(logs.linesContaining(secret))
                        .as("log lines with a secret")
                        .isEmpty();
            }
            // the watch did see the clients' configurations, with their secrets masked by Kafka
            assertThat(logs.linesContaining(SaslConfigs.SASL_JAAS_CONFIG + " = [hidden]"))
                    .isNotEmpty();
        }

        assertThat(OfflinePredictions.byKey(spec, predictions))
                .hasSize(KEYS)
                .isEqualTo(OfflinePredictions.of(spec, live, Map.of(), Map.of(1L, store.loadWeights(model))));
        assertThat(deadLetters)
                .map(d -> new String(d, StandardCharsets.UTF_8))
                .singleElement()
                .satisfies(d -> assertThat(d).contains("malformed_json").doesNotContain(PASSWORD));
    }

    @Test
    void aClientWithoutTlsCannotReadTheTopic() {
        JobSpec spec = spec(jaasConfig(PASSWORD));
        KafkaTopics.createFor(spec, 1);
        Properties plaintext =
                KafkaClientProperties.at(spec.kafka().bootstrap()).consumer();
        plaintext.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");

        assertThatThrownBy(() -> TopicRange.read(plaintext, spec.topics().events(), TopicRange.BEGINNING, r -> {}))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        JobSpec spec = spec(jaasConfig(PASSWORD));
        KafkaTopics.createFor(spec, 1);
        JobSpec impostor = spec(jaasConfig("not-" + PASSWORD));

        assertThatThrownBy(() -> TopicRange.read(
                        KafkaClientProperties.of(impostor).consumer(),
                        spec.topics().events(),
                        TopicRange.BEGINNING,
                        r -> {}))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    private static String jaasConfig(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER + "\" password=\""
                + password + "\";";
    }

    /** A job file that reaches the broker only through its {@code kafka.properties}, with topics of its own. */
    private JobSpec spec(String jaasConfig) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return TestSpecs.parse("""
                        name: secure-%1$s
                        topics: {events: ev-%1$s, predictions: pr-%1$s, deadLetter: dl-%1$s, models: mo-%1$s}
                        kafka:
                          groupId: secure
                          startFrom: earliest
                          properties:
                            security.protocol: SASL_SSL
                            ssl.truststore.type: PKCS12
                            ssl.truststore.location: '%2$s'
                            ssl.truststore.password: '%3$s'
                            sasl.mechanism: PLAIN
                            sasl.jaas.config: '%4$s'
                        time: {features: [hour-of-day]}
                        model: {cell: lstm, hidden: 8, horizon: 2, rewarmSteps: 16}
                        delivery: {guarantee: exactly-once, checkpointInterval: 300ms}
                        training: {epochs: 2, sequenceLength: 100, tbptt: 25, batchSize: 8, seed: 3}
                        parallelism: 2
                        """.formatted(id, keys.truststore(), keys.password(), jaasConfig))
                .withBootstrap(kafka.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
    }

    private static void produceMalformed(JobSpec spec) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaClientProperties.of(spec).producer(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(spec.topics().events(), "{oops".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
