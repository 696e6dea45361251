package io.stepcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.spec.JobSpecLoader;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker compose up} of docker-compose.yml, as a user runs it after {@code mvn package} (failsafe
 * runs this after the package phase, so the jars it mounts exist), until a prediction made by a trained
 * model reaches the predictions topic: the feeder's events, the trainer's first promoted model, the job
 * on the Flink cluster swapping to it. Needs a Docker engine with the compose plugin, and the host ports
 * the file publishes free; skips itself without an engine (DeploymentFilesTest checks the file everywhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeStackITCase {
    /** The trainer's first round with events comes after five minutes of them (jobs/compose.yaml), then trains. */
    private static final Duration FIRST_PREDICTION = Duration.ofMinutes(12);

    private static final Pattern TRAINED_PREDICTION = Pattern.compile("\"modelVersion\":[1-9]");

    @Container
    static final ComposeContainer STACK = new ComposeContainer(new File("docker-compose.yml"))
            .withLocalCompose(true)
            .withRemoveVolumes(true)
            .waitingFor("kafka-1", Wait.forHealthcheck())
            .withStartupTimeout(Duration.ofMinutes(5));

    @Test
    void predictionsOfATrainedModelReachThePredictionsTopic() throws Exception {
        String topic = JobSpecLoader.load("jobs/compose.yaml").topics().predictions();
        ContainerState kafka = STACK.getContainerByServiceName("kafka-1").orElseThrow();
        Instant deadline = Instant.now().plus(FIRST_PREDICTION);
        String seen = "";
        while (Instant.now().isBefore(deadline)
                && !TRAINED_PREDICTION.matcher(seen).find()) {
            ExecResult read = kafka.execInContainer(
                    "/opt/kafka/bin/kafka-console-consumer.sh",
                    "--bootstrap-server",
                    "localhost:9092",
                    "--topic",
                    topic,
                    "--from-beginning",
                    "--timeout-ms",
                    "20000");
            seen = read.getStdout();
        }
        assertThat(seen).as("records on %s", topic).containsPattern(TRAINED_PREDICTION);
    }
}
