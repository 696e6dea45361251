package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.spec.JobSpec;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialSettingsTest {
    private static final JobSpec SPEC = TestSpecs.parse("""
            model: {hidden: 16, layers: 1}
            training:
              sequenceLength: 100
              tbptt: 50
              learningRate: 0.01
              validationFraction: 0.2
              tuning: {trials: 9, hidden: [8, 16, 32], layers: [1, 2], learningRate: [0.003, 0.01, 0.03],
                       sequenceLength: [25, 100], recent: [0.5, 1.0]}
            """);

    @Test
    void theFirstConfigurationLeadsAndTheRestAreDistinctDrawsFromTheSpace() {
        TrialSettings first = TrialSettings.of(SPEC);
        List<TrialSettings> sample = TrialSettings.sample(SPEC, first, 9, 42);
        assertThat(sample).hasSize(9).first().isEqualTo(first);
        assertThat(new HashSet<>(sample)).hasSize(9);
        assertThat(sample)
                .allMatch(s -> List.of(8, 16, 32).contains(s.hidden())
                        && List.of(1, 2).contains(s.layers())
                        && List.of(0.003, 0.01, 0.03).contains(s.learningRate())
                        && List.of(25, 100).contains(s.sequenceLength())
                        && List.of(0.5, 1.0).contains(s.recent()));
        assertThat(TrialSettings.sample(SPEC, first, 9, 42)).isEqualTo(sample);
        assertThat(TrialSettings.sample(SPEC, first, 9, 43)).isNotEqualTo(sample);
    }

    @Test
    void aSmallSpaceGivesAllOfItAndEmptyListsKeepTheJobFilesValue() {
        JobSpec small = TestSpecs.parse("""
                model: {hidden: 16}
                training: {learningRate: 0.01, validationFraction: 0.2,
                           tuning: {trials: 20, hidden: [], layers: [], learningRate: [0.01, 0.03]}}
                """);
        List<TrialSettings> sample = TrialSettings.sample(small, TrialSettings.of(small), 20, 1);
        assertThat(sample)
                .containsExactly(
                        new TrialSettings(16, 1, 0.01, 200, 1.0, List.of()),
                        new TrialSettings(16, 1, 0.03, 200, 1.0, List.of()));
    }

    @Test
    void lagSetsAreOneMoreDimensionAndApplyingOneSetsTheModelsLags() {
        JobSpec lagged = TestSpecs.parse("""
                model: {hidden: 16, lags: [48]}
                training: {learningRate: 0.01, validationFraction: 0.2,
                           tuning: {trials: 20, hidden: [], layers: [], learningRate: [], lags: [[], [48, 336]]}}
                """);
        List<TrialSettings> sample = TrialSettings.sample(lagged, TrialSettings.of(lagged), 20, 1);
        assertThat(sample.get(0).lags()).containsExactly(48); // the job file's
        assertThat(sample)
                .extracting(TrialSettings::lags)
                .containsExactlyInAnyOrder(List.of(48), List.of(48, 336), List.of());
        TrialSettings both =
                sample.stream().filter(t -> t.lags().size() == 2).findFirst().orElseThrow();
        JobSpec tuned = both.apply(lagged);
        assertThat(tuned.model().lags()).containsExactly(48, 336);
        assertThat(tuned.modelInputs()).isEqualTo(3);
        assertThat(both.describe()).endsWith(", lags [48, 336]");
    }

    @Test
    void applyingSettingsCapsTruncatedBackPropagationAtTheSequenceLength() {
        JobSpec tuned = new TrialSettings(32, 2, 0.03, 25, 0.5, List.of()).apply(SPEC);
        assertThat(tuned.model().hidden()).isEqualTo(32);
        assertThat(tuned.model().layers()).isEqualTo(2);
        assertThat(tuned.training().learningRate()).isEqualTo(0.03);
        assertThat(tuned.training().sequenceLength()).isEqualTo(25);
        assertThat(tuned.training().tbptt()).isEqualTo(25);
        assertThat(new TrialSettings(16, 1, 0.01, 200, 1.0, List.of())
                        .apply(SPEC)
                        .training()
                        .tbptt())
                .isEqualTo(50);
    }
}
