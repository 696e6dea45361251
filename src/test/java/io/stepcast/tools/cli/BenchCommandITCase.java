package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark command runs end to end on tiny settings and reports every figure. Only presence and
 * sanity are checked: speed targets are the benchmark's business (docs/benchmarks.md), not a test's.
 */
class BenchCommandITCase {
    @Test
    void tinyBenchReportsEveryFigure() throws Exception {
        String out = Cli.run("bench", "--events", "2000", "--keys", "50", "--latency-seconds", "1", "--json");
        List<String> lines = out.lines().toList();
        Map<String, Object> result =
                new ObjectMapper().readValue(lines.get(lines.size() - 1), new TypeReference<Map<String, Object>>() {});

        assertThat(result.keySet())
                .contains(
                        "kernel_steps_per_s",
                        "kernel_variant",
                        "categorical_kernel_steps_per_s_v32",
                        "categorical_kernel_steps_per_s_v256",
                        "categorical_kernel_steps_per_s_v1024",
                        "dl4j_per_event_steps_per_s",
                        "dl4j_batched_steps_per_s",
                        "job_events_per_s",
                        "passthrough_events_per_s",
                        "job_vs_passthrough",
                        "job_vs_passthrough_cpu",
                        "p50_ms",
                        "p99_ms",
                        "state_bytes_per_key",
                        "state_bytes_per_key_rocksdb",
                        "swap_gap_ms",
                        "exactly_once_p99_ms");
        assertThat(result.get("kernel_variant")).isIn("vector-128", "vector-256", "vector-512", "scalar");
        for (int vocabulary : new int[] {32, 256, 1024}) {
            assertThat(((Number) result.get("categorical_kernel_steps_per_s_v" + vocabulary)).longValue())
                    .isPositive();
        }
        assertThat(((Number) result.get("job_events_per_s")).doubleValue()).isPositive();
        assertThat(((Number) result.get("passthrough_events_per_s")).doubleValue())
                .isPositive();
        assertThat(((Number) result.get("job_cpu_us_per_event")).doubleValue()).isPositive();
        assertThat(((Number) result.get("passthrough_cpu_us_per_event")).doubleValue())
                .isPositive();
        assertThat(((Number) result.get("p50_ms")).longValue()).isNotNegative();
        assertThat(((Number) result.get("state_bytes_per_key")).longValue()).isPositive();
        assertThat(((Number) result.get("state_bytes_per_key_rocksdb")).longValue())
                .isPositive();
    }

    @Test
    void stateScaleReportsTheCheckpointOfEveryKeyWithinTheMemoryBudget() throws Exception {
        String out = Cli.run("bench", "--state-scale", "--events", "2000", "--keys", "2000", "--json");
        List<String> lines = out.lines().toList();
        Map<String, Object> result =
                new ObjectMapper().readValue(lines.get(lines.size() - 1), new TypeReference<Map<String, Object>>() {});

        assertThat(result)
                .containsEntry("keys", 2000)
                .containsEntry("events", 2000)
                .containsEntry("state_backend", "rocksdb")
                .containsEntry("managed_memory_bytes", 256 * 1024 * 1024)
                .containsEntry("incremental_checkpoints", false)
                .containsEntry("checkpoint_interval_ms", 10000)
                .doesNotContainKey("kernel_steps_per_s");
        long checkpointBytes = ((Number) result.get("checkpoint_bytes")).longValue();
        assertThat(checkpointBytes).isPositive();
        assertThat(((Number) result.get("state_bytes_per_key")).longValue()).isEqualTo(checkpointBytes / 2000);
        assertThat(((Number) result.get("checkpoint_ms")).longValue()).isNotNegative();
        assertThat(((Number) result.get("rocksdb_live_bytes_estimate")).longValue())
                .isPositive();
        assertThat(((Number) result.get("heap_peak_bytes")).longValue()).isPositive();
        assertThat(((Number) result.get("events_per_s")).longValue()).isPositive();
    }
}
