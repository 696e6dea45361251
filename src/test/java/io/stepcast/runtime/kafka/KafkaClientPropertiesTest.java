package io.stepcast.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.spec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {
    private static final JobSpec SPEC = TestSpecs.parse("""
            name: clients
            kafka: {bootstrap: "broker:9093", properties: {security.protocol: SSL, isolation.level: read_uncommitted}}
            """);

    @Test
    void everyClientStartsFromTheJobsBootstrapAndKafkaProperties() {
        KafkaClientProperties clients = KafkaClientProperties.of(SPEC);
        for (Properties props : List.of(clients.consumer(), clients.producer(), clients.admin())) {
            assertThat(props)
                    .containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SSL");
        }
    }

    @Test
    void consumersReadCommittedRecordsWhateverTheJobFileSaysAndCommitNothing() {
        assertThat(KafkaClientProperties.of(SPEC).consumer())
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false");
    }

    @Test
    void anEmbeddedBrokerNeedsOnlyItsAddress() {
        assertThat(KafkaClientProperties.at("localhost:1").producer()).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void eachCallGivesPropertiesOfItsOwn() {
        KafkaClientProperties clients = KafkaClientProperties.of(SPEC);
        clients.producer().put("acks", "all");
        assertThat(clients.producer()).doesNotContainKey("acks");
    }

    @Test
    void printedClientPropertiesHideTheirSecrets() {
        KafkaClientProperties clients =
                new KafkaClientProperties("broker:9093", Map.of("security.protocol", "SSL", "ssl.key.password", "k3y"));
        assertThat(clients.toString())
                .doesNotContain("k3y")
                .contains("ssl.key.password=[hidden]")
                .contains("security.protocol=SSL");
    }
}
