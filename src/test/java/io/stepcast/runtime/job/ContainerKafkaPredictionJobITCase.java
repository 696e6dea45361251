package io.stepcast.runtime.job;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link PredictionJobContract} on the official Kafka image, for machines with a Docker engine; skips
 * itself elsewhere (the embedded-broker variant covers the same contract everywhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaPredictionJobITCase extends PredictionJobContract {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.0");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
