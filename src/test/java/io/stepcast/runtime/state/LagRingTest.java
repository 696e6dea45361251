package io.stepcast.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagRingTest {
    @Test
    void beforeALagsEventWasSeenTheNewestValueStandsIn() {
        LagRing ring = LagRing.fresh(3 * 2);
        double[] first = {1, 10};
        ring.add(first);
        assertThat(ring.valueBefore(0, 1, first)).isEqualTo(10);
        assertThat(ring.valueBefore(2, 0, first)).isEqualTo(1);
    }

    @Test
    void valuesAreFoundByTheirDistanceAcrossTheWrap() {
        LagRing ring = LagRing.fresh(3 * 2);
        double[] newest = null;
        for (int event = 1; event <= 7; event++) {
            newest = new double[] {event, -event};
            ring.add(newest);
        }
        assertThat(ring.valueBefore(0, 0, newest)).isEqualTo(7);
        assertThat(ring.valueBefore(1, 1, newest)).isEqualTo(-6);
        assertThat(ring.valueBefore(2, 0, newest)).isEqualTo(5);
    }

    @Test
    void aJobWithoutLagsStillCountsItsEvents() {
        LagRing ring = LagRing.fresh(0);
        ring.add(new double[] {1});
        ring.add(new double[] {2});
        assertThat(ring).extracting("added").isEqualTo(2L);
    }
}
