package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.runtime.spec.InvalidJobSpecException;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job jar's arguments: what they load, and the messages a wrong command line gets. */
class StepcastJobTest {
    @Test
    void loadsTheJobFileAndAppliesTheOverrides() {
        JobSpec spec = StepcastJob.spec(
                "--job", "jobs/sensors.yaml", "--bootstrap", "kafka-1:9092", "--model-store", "s3://models/sensors");

        assertThat(spec.name()).isEqualTo("sensors");
        assertThat(spec.kafka().bootstrap()).isEqualTo("kafka-1:9092");
        assertThat(spec.model().store()).isEqualTo("s3://models/sensors");
    }

    @Test
    void withoutOverridesTheJobFileDecides() {
        assertThat(StepcastJob.spec("--job", "jobs/sensors.yaml")).isEqualTo(JobSpecLoader.load("jobs/sensors.yaml"));
    }

    @Test
    void readsTheJobFileThroughFlinkFileSystems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("copy.yaml");
        Files.copy(Path.of("jobs/sensors.yaml"), file);

        assertThat(StepcastJob.spec("--job", file.toUri().toString()).name()).isEqualTo("sensors");
    }

    @Test
    void theJobFileIsRequired() {
        assertThatThrownBy(() -> StepcastJob.spec("--bootstrap", "localhost:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--job is required")
                .hasMessageEndingWith(StepcastJob.USAGE);
        assertThatThrownBy(() -> StepcastJob.spec("--job"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--job needs a value");
    }

    @Test
    void unknownArgumentsAreRefused() {
        assertThatThrownBy(
                        () -> StepcastJob.spec("--job", "jobs/sensors.yaml", "--bootstrp", "h:1", "--parallelism", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown arguments: --bootstrp, --parallelism")
                .hasMessageEndingWith(StepcastJob.USAGE);
        assertThatThrownBy(() -> StepcastJob.spec("jobs/sensors.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs/sensors.yaml")
                .hasMessageEndingWith(StepcastJob.USAGE);
    }

    @Test
    void aMissingJobFileIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("nope.yaml").toUri().toString();
        assertThatThrownBy(() -> StepcastJob.spec("--job", missing))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessage(missing + ": no such job file");
    }

    @Test
    void anInvalidJobFileNamesTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "model:\n  hidden: 0\n");
        assertThatThrownBy(() -> StepcastJob.spec("--job", file.toString()))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageStartingWith(file + ": model.hidden: ");
    }
}
