package io.stepcast.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worth of a detection at each row. Expectations use 2·sigmoid(x) − 1 = tanh(x/2), so they are
 * computed another way than the code computes them.
 */
class ScoredFileTest {
    private static final double EXACT = 1e-15;
    /** A(−1) = tanh(2.5): what a detection at a window's first row earns before scaling to the TP weight. */
    private static final double EARLIEST = Math.tanh(2.5);

    /** 40 rows (probation 6) with one window over rows 10..14 (width 5). */
    private static ScoredFile fileWithWindowAt10() {
        return new ScoredFile("a/file.csv", new double[40], List.of(new RowWindow(10, 14)));
    }

    @ParameterizedTest(name = "{0} rows -> {1}")
    @CsvSource({"40, 6", "6, 0", "7, 1", "1127, 169", "4999, 749", "5000, 750", "22695, 750"})
    void probationaryPeriodIsFifteenPercentRoundedDownAndAtMost750Rows(int rows, int probationary) {
        assertThat(ScoredFile.probationaryRows(rows)).isEqualTo(probationary);
        assertThat(new ScoredFile("a/file.csv", new double[rows], List.of()).probationaryRows())
                .isEqualTo(probationary);
    }

    @Test
    void detectionAtTheWindowsLeftEdgeIsWorthExactlyOneTpWeight() {
        assertThat(fileWithWindowAt10().worth(10)).isEqualTo(1.0);
    }

    @Test
    void detectionInTheMiddleIsWorthTheScaledSigmoidOfItsPosition() {
        // p = −(14 − 12 + 1) / 5 = −0.6, A(p) = tanh(1.5)
        assertThat(fileWithWindowAt10().worth(12)).isCloseTo(Math.tanh(1.5) / EARLIEST, within(EXACT));
    }

    @Test
    void detectionAtTheRightEdgeStillEarnsALittle() {
        // NAB's sweep puts the last row at p = −1/width, not 0
        assertThat(fileWithWindowAt10().worth(14))
                .isCloseTo(Math.tanh(0.5) / EARLIEST, within(EXACT))
                .isCloseTo(0.4684, within(1e-4));
    }

    @Test
    void worthFallsRowByRowAcrossTheWindow() {
        ScoredFile file = fileWithWindowAt10();
        for (int row = 10; row < 14; row++) {
            assertThat(file.worth(row)).isGreaterThan(file.worth(row + 1)).isPositive();
        }
    }

    @Test
    void falseDetectionJustAfterAWindowCostsLittle() {
        // distance (15 − 14) / (5 − 1) = 0.25, A = 2·sigmoid(−1.25) − 1 = −tanh(0.625)
        assertThat(fileWithWindowAt10().worth(15)).isCloseTo(-Math.tanh(0.625), within(EXACT));
    }

    @Test
    void falseDetectionCostsMoreTheFurtherItIsFromThePrecedingWindow() {
        ScoredFile file = fileWithWindowAt10();
        for (int row = 15; row < 27; row++) {
            assertThat(file.worth(row)).isGreaterThan(file.worth(row + 1));
        }
    }

    @Test
    void falseDetectionMoreThanThreeWindowWidthsAfterAWindowCostsTheFullWeight() {
        ScoredFile file = fileWithWindowAt10();
        // distance 12 / 4 = 3 exactly is still on the sigmoid; 13 / 4 = 3.25 is clamped
        assertThat(file.worth(26)).isCloseTo(-Math.tanh(7.5), within(EXACT)).isNotEqualTo(-1.0);
        assertThat(file.worth(27)).isEqualTo(-1.0);
        assertThat(file.worth(39)).isEqualTo(-1.0);
    }

    @Test
    void falseDetectionBeforeAnyWindowCostsTheFullWeight() {
        ScoredFile file = fileWithWindowAt10();
        assertThat(file.worth(7)).isEqualTo(-1.0);
        assertThat(file.worth(9)).isEqualTo(-1.0);
        assertThat(new ScoredFile("a/none.csv", new double[40], List.of()).worth(20))
                .isEqualTo(-1.0);
    }

    @Test
    void distanceIsMeasuredFromTheNearestPrecedingWindow() {
        ScoredFile file =
                new ScoredFile("a/two.csv", new double[60], List.of(new RowWindow(10, 14), new RowWindow(30, 32)));
        // after the second window (width 3): (34 − 32) / 2 = 1, A = −tanh(2.5)
        assertThat(file.worth(34)).isCloseTo(-Math.tanh(2.5), within(EXACT));
        assertThat(file.windowOf(31)).isEqualTo(1);
        assertThat(file.windowOf(20)).isEqualTo(-1);
    }

    @Test
    void falseDetectionAfterAOneRowWindowCostsTheFullWeight() {
        // NAB divides by width − 1 = 0 here and fails; the distance is infinite
        ScoredFile file = new ScoredFile("a/one.csv", new double[40], List.of(new RowWindow(10, 10)));
        assertThat(file.worth(10)).isEqualTo(1.0);
        assertThat(file.worth(11)).isEqualTo(-1.0);
    }

    @Test
    void overlappingOrOutOfRangeWindowsAreRefused() {
        assertThatThrownBy(() -> new ScoredFile(
                        "a/x.csv", new double[40], List.of(new RowWindow(10, 14), new RowWindow(14, 20))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/x.csv")
                .hasMessageContaining("14..20");
        assertThatThrownBy(() -> new ScoredFile("a/x.csv", new double[40], List.of(new RowWindow(35, 40))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 rows");
    }
}
