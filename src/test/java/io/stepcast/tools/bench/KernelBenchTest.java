package io.stepcast.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The next-token kernel and predictor figures of {@code stepcast bench} (issue 14) are reported for every vocabulary,
 * on settings short enough for a unit test. Presence and sanity only: speed is docs/benchmarks.md's.
 */
class KernelBenchTest {
    @Test
    void categoricalFiguresArePresentForEveryVocabulary() {
        Map<String, Object> result = KernelBench.categorical(Duration.ofMillis(20), Duration.ofMillis(50));

        assertThat(result).hasSize(4 * KernelBench.VOCABULARIES.length);
        for (int vocabulary : new int[] {32, 256, 1024}) {
            assertThat(((Number) result.get("categorical_kernel_steps_per_s_v" + vocabulary)).longValue())
                    .isPositive();
            assertThat(((Number) result.get("categorical_kernel_bytes_per_step_v" + vocabulary)).doubleValue())
                    .isNotNegative();
            assertThat(((Number) result.get("token_predictor_steps_per_s_v" + vocabulary)).longValue())
                    .isPositive();
            // the prediction record and its arrays, nothing that grows with the vocabulary
            assertThat(((Number) result.get("token_predictor_bytes_per_step_v" + vocabulary)).doubleValue())
                    .isPositive()
                    .isLessThan(1024);
        }
    }
}
