package io.stepcast.tools.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaceTest {

    private static long millisFor(Pace pace, int turns) {
        long start = System.nanoTime();
        for (int i = 0; i < turns; i++) {
            pace.awaitTurn();
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void theNthTurnComesNOverTheRateSecondsAfterTheFirst() {
        // 21 turns at 100/s: the first at once, the last 200 ms later
        assertThat(millisFor(Pace.perSecond(100), 21)).isBetween(195L, 2_000L);
    }

    @Test
    void turnsSpreadOverADuration() {
        assertThat(millisFor(Pace.spread(10, 0.2), 11)).isBetween(195L, 2_000L);
    }

    @Test
    void rateZeroNeverWaits() {
        assertThat(millisFor(Pace.perSecond(0), 100_000)).isLessThan(1_000L);
    }

    @Test
    void aLateTurnIsCaughtUpOnNotCarriedForward() throws InterruptedException {
        Pace pace = Pace.perSecond(50);
        pace.awaitTurn();
        Thread.sleep(200); // ten turns late
        assertThat(millisFor(pace, 10)).isLessThan(100L);
    }

    @Test
    void negativeOrInfiniteRatesAreRefused() {
        assertThatThrownBy(() -> Pace.perSecond(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pace.perSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pace.spread(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
