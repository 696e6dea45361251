package io.stepcast.tools.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.KafkaEventReader;
import io.stepcast.runtime.kafka.TopicRange;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded broker whose clients must use TLS (no SASL): a job file's {@code kafka.properties}
 * that trust the test's certificate reach its topics; a TLS client that does not trust it is
 * refused. SASL over TLS, and the whole job, are in {@code SecureKafkaPredictionJobITCase}.
 */
class TlsEmbeddedKafkaITCase {
    @TempDir
    static Path certificates;

    private static BrokerKeys keys;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startTlsBroker() {
        keys = TestCertificates.generate(certificates);
        kafka = EmbeddedKafka.start(ClientListener.tls(keys));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void aJobFileThatTrustsTheBrokerCreatesWritesAndReadsItsTopics() {
        JobSpec spec = spec("""
                security.protocol: SSL
                    ssl.truststore.type: PKCS12
                    ssl.truststore.location: '%s'
                    ssl.truststore.password: '%s'
                """.formatted(keys.truststore(), keys.password()));
        List<Event> events = TestEvents.sensors(3, 5, 0, 20);

        assertThat(KafkaTopics.createFor(spec, 2)).hasSize(4);
        TestEvents.produce(spec, events, null);

        assertThat(new KafkaEventReader(spec).readAll()).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void aTlsClientThatDoesNotTrustTheCertificateIsRefused() {
        JobSpec spec = spec("security.protocol: SSL");

        assertThatThrownBy(() -> TopicRange.read(
                        KafkaClientProperties.of(spec).consumer(), "any", TopicRange.BEGINNING, r -> {}))
                .isInstanceOf(SslAuthenticationException.class);
    }

    /** A job with topics of its own whose {@code kafka.properties} are {@code properties} (YAML lines). */
    private static JobSpec spec(String properties) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return TestSpecs.parse("""
                        name: tls-%1$s
                        topics: {events: ev-%1$s, predictions: pr-%1$s}
                        kafka:
                          properties:
                            %2$s
                        """.formatted(id, properties.strip())).withBootstrap(kafka.bootstrapServers());
    }
}
