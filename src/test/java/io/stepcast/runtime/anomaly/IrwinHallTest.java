package io.stepcast.runtime.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IrwinHallTest {

    @Test
    void oneUniformIsItsOwnTail() {
        assertThat(IrwinHall.upperTail(1, 0.25)).isCloseTo(0.75, within(1e-15));
        assertThat(IrwinHall.upperTail(1, 0.999)).isCloseTo(0.001, within(1e-15));
    }

    @Test
    void twoUniformsFormATriangle() {
        // P(S ≥ 1.5) = (2 − 1.5)² / 2; P(S ≥ 0.5) = 1 − 0.5² / 2
        assertThat(IrwinHall.upperTail(2, 1.5)).isCloseTo(0.125, within(1e-15));
        assertThat(IrwinHall.upperTail(2, 0.5)).isCloseTo(0.875, within(1e-15));
    }

    @Test
    void theFarTailIsTheCornerOfTheCube() {
        // five ranks summing to 4.9 or more: the corner simplex, 0.1^5 / 5!
        assertThat(IrwinHall.upperTail(5, 4.9)).isCloseTo(1e-5 / 120, within(1e-18));
    }

    @Test
    void symmetricAboutHalfOfN() {
        for (int n = 1; n <= IrwinHall.MAX_N; n++) {
            assertThat(IrwinHall.upperTail(n, n / 2.0)).as("n = %d", n).isCloseTo(0.5, within(1e-9));
            assertThat(IrwinHall.upperTail(n, n * 0.3) + IrwinHall.upperTail(n, n * 0.7))
                    .as("n = %d", n)
                    .isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void boundedOutsideTheSupport() {
        assertThat(IrwinHall.upperTail(3, -1)).isEqualTo(1);
        assertThat(IrwinHall.upperTail(3, 3)).isZero();
        assertThatThrownBy(() -> IrwinHall.upperTail(21, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
