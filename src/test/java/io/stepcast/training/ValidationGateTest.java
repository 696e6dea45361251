package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidationGateTest {
    private static final Optional<ValidationGate.Serving> SERVING_V3 = Optional.of(new ValidationGate.Serving(3, 2.0));

    @Test
    void betterCandidatePromotes() {
        ValidationGate.Decision d = new ValidationGate(0.1).decide(1.5, SERVING_V3, 9.0);

        assertThat(d)
                .isEqualTo(new ValidationGate.Decision(
                        true,
                        1.5,
                        2.0,
                        "serving v3",
                        "candidate MAE 1.50000 <= 1.80000 (serving v3 MAE 2.00000 less 10.0000%)"));
    }

    @Test
    void candidateWithinTheMarginIsRejected() {
        ValidationGate.Decision d = new ValidationGate(0.1).decide(1.9, SERVING_V3, 9.0);

        assertThat(d.promote()).isFalse();
        assertThat(d.baselineMae()).isEqualTo(2.0);
        assertThat(d.reason()).isEqualTo("candidate MAE 1.90000 > 1.80000 (serving v3 MAE 2.00000 less 10.0000%)");
    }

    @Test
    void candidateExactlyAtTheMarginPromotes() {
        // 2.0 * (1 - 0.25) is exactly 1.5 in binary floating point, so the edge is tested, not rounding
        assertThat(new ValidationGate(0.25).decide(1.5, SERVING_V3, 9.0).promote())
                .isTrue();
        assertThat(new ValidationGate(0.25)
                        .decide(Math.nextUp(1.5), SERVING_V3, 9.0)
                        .promote())
                .isFalse();
        assertThat(new ValidationGate(0).decide(2.0, SERVING_V3, 9.0).promote()).isTrue();
    }

    @Test
    void withoutAServingModelPersistenceIsTheBar() {
        ValidationGate gate = new ValidationGate(0.5);

        ValidationGate.Decision promoted = gate.decide(1.0, Optional.empty(), 2.0);
        ValidationGate.Decision rejected = gate.decide(1.1, Optional.empty(), 2.0);

        assertThat(promoted.promote()).isTrue();
        assertThat(promoted.baselineName()).isEqualTo("persistence");
        assertThat(promoted.baselineMae()).isEqualTo(2.0);
        assertThat(rejected.promote()).isFalse();
        assertThat(rejected.reason())
                .isEqualTo("candidate MAE 1.10000 > 1.00000 (persistence MAE 2.00000 less 50.0000%)");
    }

    @Test
    void nonFiniteCandidateIsRejected() {
        ValidationGate gate = new ValidationGate(0);

        assertThat(gate.decide(Double.NaN, SERVING_V3, 9.0).promote()).isFalse();
        assertThat(gate.decide(Double.NaN, Optional.empty(), 9.0).reason())
                .isEqualTo("candidate MAE is NaN, not a finite number");
        assertThat(gate.decide(Double.POSITIVE_INFINITY, Optional.of(new ValidationGate.Serving(1, Double.NaN)), 9.0)
                        .promote())
                .isFalse();
    }

    @Test
    void servingModelThatCannotBeScoredIsNoBar() {
        ValidationGate.Decision d =
                new ValidationGate(0.1).decide(5.0, Optional.of(new ValidationGate.Serving(2, Double.NaN)), 1.0);

        assertThat(d.promote()).isTrue();
        assertThat(d.reason()).isEqualTo("serving v2 MAE is NaN, the candidate's is 5.00000");
    }

    @Test
    void marginOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> new ValidationGate(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("promoteMargin must be in [0, 1), got 1.0");
    }

    @Test
    void aNextTokenGateComparesCrossEntropiesAndFallsBackOnTokenFrequencies() {
        ValidationGate gate = ValidationGate.forTokens(0.1);
        ValidationGate.Decision d = gate.decide(1.1, Optional.empty(), 2.0);
        assertThat(d.promote()).isTrue();
        assertThat(d.againstServing()).isFalse();
        assertThat(d.reason())
                .isEqualTo(
                        "candidate cross-entropy 1.10000 <= 1.80000 (token frequencies cross-entropy 2.00000 less 10.0000%)");
        ValidationGate.Decision against = gate.decide(1.95, Optional.of(new ValidationGate.Serving(4, 2.0)), 3.0);
        assertThat(against.promote()).isFalse();
        assertThat(against.againstServing()).isTrue();
    }
}
