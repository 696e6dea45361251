package io.stepcast.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobUseTest {
    private final List<String> warnings = new ArrayList<>();

    private void check(JobUse use, String yaml) {
        use.check("x.yaml", TestSpecs.parse(yaml), warnings::add);
    }

    @Test
    void anEnsembleIsRefusedByACommandThatTrainsOneNetwork() {
        assertThatThrownBy(() -> check(JobUse.of("train", Usage.ONE_OFF_TRAINING), "training: {ensemble: 5}"))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessage(
                        "x.yaml: training.ensemble is 5, but train ignores it (read only by nab and "
                                + "forecast-eval), which would change the results the job file asks for; remove it or set it to 1");
    }

    @Test
    void anotherKindsSettingIsWarnedAbout() {
        check(JobUse.of("train", Usage.ONE_OFF_TRAINING), "training: {windowEvents: 3000, every: 2h}");

        assertThat(warnings)
                .containsExactly(
                        "x.yaml: training.every is 2h, but train ignores it (read only by trainer)",
                        "x.yaml: training.windowEvents is 3000, but train ignores it (read only by nab and forecast-eval)");
    }

    @Test
    void aSettingAnyOfTheCommandsUsagesReadsIsFine() {
        check(JobUse.of("trainer", Usage.RETRAINING), "training: {everyEvents: 100, promoteMargin: 0.02}");
        check(JobUse.of("nab", Usage.SELF_TRAINING), "training: {ensemble: 5, everyEvents: 100, epochs: 2}");
        check(JobUse.of("demo", Usage.ONE_OFF_TRAINING, Usage.RETRAINING), "training: {window: 2h}");

        assertThat(warnings).isEmpty();
    }

    @Test
    void aSettingGivenItsDefaultChangesNothingAndPassesSilently() {
        check(JobUse.of("trainer", Usage.RETRAINING), "training: {ensemble: 1, windowEvents: 5000}");

        assertThat(warnings).isEmpty();
    }

    @Test
    void theBundledJobsSayNothingToTheCommandsTheyAreFor() {
        JobUse.of("demo", Usage.ONE_OFF_TRAINING, Usage.RETRAINING)
                .check("demo", JobSpecLoader.load("jobs/demo.yaml"), warnings::add);
        JobUse.of("train", Usage.ONE_OFF_TRAINING)
                .check("sensors", JobSpecLoader.load("jobs/sensors.yaml"), warnings::add);
        JobUse.of("nab", Usage.SELF_TRAINING).check("nab", JobSpecLoader.load("jobs/nab.yaml"), warnings::add);
        JobUse.of("forecast-eval", Usage.SELF_TRAINING)
                .check("taxi", JobSpecLoader.load("jobs/nyc-taxi.yaml"), warnings::add);
        JobUse.of("trainer", Usage.RETRAINING).check("compose", JobSpecLoader.load("jobs/compose.yaml"), warnings::add);

        assertThat(warnings).isEmpty();
    }
}
