package io.stepcast.runtime.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

    private static float[][] encode(JobSpec spec, double... values) {
        FeatureEncoder encoder = new FeatureEncoder(spec);
        KeyState s = KeyState.forEncoding(1, spec.model().horizon(), encoder.lagValuesSize());
        float[][] inputs = new float[values.length][spec.modelInputs()];
        for (int i = 0; i < values.length; i++) {
            encoder.encode(s, 0, new double[] {values[i]}, inputs[i]);
        }
        return inputs;
    }

    @Test
    void lagInputIsTheValueThatManyEventsBeforeThePredictedOne() {
        // horizon 2, lag 4: the event 4 before event t+2 is event t−2
        JobSpec spec = TestSpecs.parse("model: {horizon: 2, lags: [4]}\nnormalisation: {mode: none}");
        assertThat(spec.modelInputs()).isEqualTo(2);
        // before event t−2 exists the lag input repeats the current value
        assertThat(encode(spec, 10, 20, 30, 40, 50))
                .isDeepEqualTo(new float[][] {{10, 10}, {20, 20}, {30, 10}, {40, 20}, {50, 30}});
    }

    @Test
    void lagsComeAfterTheValuesAndBeforeTheTimeFeatures() {
        JobSpec spec = TestSpecs.parse("""
                model: {horizon: 1, lags: [1, 3]}
                normalisation: {mode: none}
                time: {features: [hour-of-day]}
                """);
        assertThat(spec.modelInputs()).isEqualTo(1 + 2 + 2);
        // at midnight UTC: sin 0, cos 1; lag 1 with horizon 1 is the current value
        assertThat(encode(spec, 5, 6, 7)[2]).containsExactly(7, 7, 5, 0, 1);
    }

    @Test
    void lagInputsAreNormalisedLikeTheValue() {
        JobSpec spec = TestSpecs.parse("model: {horizon: 1, lags: [2]}");
        // values 10, 30: mean 20, sd 10; the lag input is event 1's value, 10, in those units
        assertThat(encode(spec, 10, 30)[1]).containsExactly(1, -1);
    }

    @Test
    void lagShorterThanTheHorizonWouldLookAheadAndIsRefused() {
        assertThatThrownBy(() -> TestSpecs.parse("model: {horizon: 5, lags: [4]}"))
                .hasMessageContaining("model.lags: each must be between model.horizon (5) and 100000");
    }
}
