package io.stepcast.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    @Test
    void everyComponentHasOneSettingUnderItsPath() {
        List<String> keys =
                JobSettings.all().stream().map(e -> e.setting().key()).toList();

        assertThat(keys)
                .doesNotHaveDuplicates()
                .hasSize(83)
                .startsWith("name", "kafka.bootstrap")
                .contains("anomaly.season.period")
                .endsWith("parallelism");
    }

    @Test
    void anEmptyJobHasEveryDeclaredDefault() {
        JobSpec defaults = TestSpecs.parse("name: stepcast");

        for (JobSettings.Entry entry : JobSettings.all()) {
            Setting<?> setting = entry.setting();
            Object value = RecordPaths.get(defaults, setting.key());
            if (setting.derivedDefault() == null) {
                assertThat(value).as(setting.key()).isEqualTo(setting.defaultValue());
            }
        }
        assertThat(defaults.topics().deadLetter()).isEqualTo("events-dlq");
    }

    @Test
    void typesAndDefaultsReadAsInAJobFile() {
        Map<String, JobSettings.Entry> byKey = new HashMap<>();
        JobSettings.all().forEach(e -> byKey.put(e.setting().key(), e));

        assertThat(byKey.get("delivery.bufferTimeout").defaultText()).isEqualTo("5ms");
        assertThat(byKey.get("training.window").defaultText()).isEqualTo("1d");
        assertThat(byKey.get("delivery.guarantee").defaultText()).isEqualTo("at-least-once");
        assertThat(byKey.get("delivery.guarantee").typeName()).isEqualTo("exactly-once | at-least-once | none");
        assertThat(byKey.get("time.features").typeName()).isEqualTo("list of (hour-of-day | day-of-week)");
        assertThat(byKey.get("model.lags").typeName()).isEqualTo("list of integers");
        assertThat(byKey.get("fields.features").defaultText()).isEqualTo("[value]");
        assertThat(byKey.get("topics.deadLetter").defaultText()).isEqualTo("<events>-dlq");
        assertThat(byKey.get("tokens.field").defaultText()).isEqualTo("\"\"");
        assertThat(byKey.get("tokens.vocabulary").defaultText()).isEqualTo("[]");
        assertThat(JobSettings.valueText(Duration.ofMinutes(5))).isEqualTo("5min");
        assertThat(JobSettings.valueText(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void withChangesOneSettingAndKeepsTheRest() {
        JobSpec spec = TestSpecs.parse("name: x\nmodel: {hidden: 8}\ntraining: {epochs: 3}");

        JobSpec changed = spec.withModelStore("/tmp/m")
                .withHorizon(4)
                .withBootstrap("b:1")
                .withDelivery(JobSpec.Guarantee.NONE)
                .withStateBackend(JobSpec.StateBackend.ROCKSDB)
                .withTraining(spec.training().withSeed(7).withEpochs(5));

        assertThat(changed.model()).isEqualTo(new JobSpec.Model(null, 8, null, 4, "/tmp/m", null, null, null, null));
        assertThat(changed.kafka().bootstrap()).isEqualTo("b:1");
        assertThat(changed.delivery().guarantee()).isEqualTo(JobSpec.Guarantee.NONE);
        assertThat(changed.state().backend()).isEqualTo(JobSpec.StateBackend.ROCKSDB);
        assertThat(changed.training().seed()).isEqualTo(7L);
        assertThat(changed.training().epochs()).isEqualTo(5);
        assertThat(changed.name()).isEqualTo("x");
        assertThat(changed.with(JobSpec.Anomaly.THRESHOLD, 0.5).anomaly().threshold())
                .isEqualTo(0.5);
    }

    @Test
    void withValidatesLikeALoadedJob() {
        JobSpec spec = TestSpecs.parse("name: x");

        assertThatThrownBy(() -> spec.withHorizon(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model.horizon: must be between 1 and 1000, got 0");
    }
}
