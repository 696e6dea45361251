package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowHistogramTest {
    @Test
    void keepsFractionsThatFlinksLongHistogramWouldRound() {
        WindowHistogram histogram = new WindowHistogram(8);
        histogram.record(0.25);
        histogram.record(0.75);

        assertThat(histogram.getCount()).isEqualTo(2);
        assertThat(histogram.getStatistics().size()).isEqualTo(2);
        assertThat(histogram.getStatistics().getMean()).isEqualTo(0.5);
    }

    @Test
    void statisticsCoverTheNewestWindowWhileTheCountCoversAll() {
        WindowHistogram histogram = new WindowHistogram(4);
        for (int i = 1; i <= 10; i++) {
            histogram.record(i);
        }

        assertThat(histogram.getCount()).isEqualTo(10);
        assertThat(histogram.getStatistics().getValues()).containsExactlyInAnyOrder(7, 8, 9, 10);
        assertThat(histogram.getStatistics().getQuantile(0.5)).isCloseTo(8.5, within(1e-9));
    }

    @Test
    void anEmptyHistogramReportsNoValues() {
        assertThat(new WindowHistogram(4).getStatistics().size()).isZero();
    }
}
