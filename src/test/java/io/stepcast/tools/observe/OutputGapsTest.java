package io.stepcast.tools.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutputGapsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static OutputGaps swapAfterSilence(boolean producerHeldInput) {
        OutputGaps gaps = new OutputGaps();
        gaps.arrived(1, 0);
        gaps.arrived(1, 10 * MS);
        if (producerHeldInput) {
            gaps.inputResumed();
        }
        gaps.arrived(2, 1000 * MS);
        gaps.arrived(2, 1005 * MS);
        gaps.arrived(2, 1030 * MS);
        return gaps;
    }

    @Test
    void theGapEndingInTheFirstPredictionOfANewVersionCounts() {
        assertThat(swapAfterSilence(false).maxGapAroundSwapsMillis()).isEqualTo(990);
    }

    @Test
    void aSilenceTheProducerMadeIsNotTheJobsGap() {
        assertThat(swapAfterSilence(true).maxGapAroundSwapsMillis()).isEqualTo(25);
    }

    @Test
    void noSwapNoGap() {
        OutputGaps gaps = new OutputGaps();
        gaps.arrived(1, 0);
        gaps.arrived(1, 500 * MS);
        assertThat(gaps.maxGapAroundSwapsMillis()).isZero();
    }
}
