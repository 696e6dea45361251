package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredictionJobTest {
    /** Flink loads each task's state backend from the job's configuration, by this name. */
    @ParameterizedTest
    @CsvSource({"'', hashmap", "'state: {backend: heap}', hashmap", "'state: {backend: rocksdb}', rocksdb"})
    void theJobFileChoosesTheStateBackend(String yaml, String flinkBackend) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PredictionJob(TestSpecs.parse("name: t\n" + yaml), "unused").configure(env);

        assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo(flinkBackend);
    }
}
