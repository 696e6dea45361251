package io.stepcast.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecLoaderTest {

    private static JobSpec parse(String yaml) {
        return JobSpecLoader.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidJobSpecException failure(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidJobSpecException e) {
            return e;
        }
        throw new AssertionError("expected InvalidJobSpecException for:\n" + yaml);
    }

    @Test
    void demoJobLoads() {
        JobSpec spec = JobSpecLoader.load("jobs/demo.yaml");

        assertThat(spec.name()).isEqualTo("demo");
        assertThat(spec.kafka().groupId()).isEqualTo("stepcast-demo");
        assertThat(spec.kafka().startFrom()).isEqualTo(JobSpec.StartFrom.EARLIEST);
        assertThat(spec.kafka().bootstrap()).isEqualTo("localhost:9092"); // default, not in the file
        assertThat(spec.topics().deadLetter()).isEqualTo("events-dlq");
        assertThat(spec.fields().features()).containsExactly("value");
        assertThat(spec.time().maxOutOfOrderness()).isEqualTo(Duration.ZERO);
        assertThat(spec.time().eventTimeOrdering()).isFalse();
        assertThat(spec.time().features()).containsExactly(JobSpec.TimeFeature.HOUR_OF_DAY);
        assertThat(spec.model().cell()).isEqualTo(Cell.LSTM);
        assertThat(spec.model().hidden()).isEqualTo(16);
        assertThat(spec.model().store()).isEqualTo("./models"); // default
        assertThat(spec.normalisation().window()).isEqualTo(24);
        assertThat(spec.anomaly().threshold()).isEqualTo(0.998);
        assertThat(spec.anomaly().shortWindow()).isEqualTo(1);
        assertThat(spec.delivery().guarantee()).isEqualTo(JobSpec.Guarantee.AT_LEAST_ONCE);
        assertThat(spec.delivery().checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(spec.state().ttl()).isEqualTo(Duration.ZERO);
        assertThat(spec.training().sequenceLength()).isEqualTo(96);
        assertThat(spec.training().tbptt()).isEqualTo(48);
        assertThat(spec.training().validationFraction()).isEqualTo(0.2); // default
        assertThat(spec.parallelism()).isEqualTo(2);
        assertThat(spec.modelInputs()).isEqualTo(3);
        assertThat(spec.modelOutputs()).isEqualTo(1);
    }

    @Test
    void nabJobLoads() {
        JobSpec spec = JobSpecLoader.load("jobs/nab.yaml");
        assertThat(spec.fields().time()).isEqualTo("timestamp");
        assertThat(spec.anomaly())
                .isEqualTo(new JobSpec.Anomaly(
                        0.999, 30, 5, true, 0.01, 70, new JobSpec.Season(Duration.ofDays(1), 0.9, 5, 1000)));
        assertThat(spec.training().validationFraction()).isZero();
        assertThat(spec.training().everyEvents()).isEqualTo(1000);
        assertThat(spec.training().windowEvents()).isEqualTo(3000);
    }

    @Test
    void sensorsJobLoads() {
        JobSpec spec = JobSpecLoader.load("jobs/sensors.yaml");

        assertThat(spec.name()).isEqualTo("sensors");
        assertThat(spec.kafka().startFrom()).isEqualTo(JobSpec.StartFrom.COMMITTED);
        assertThat(spec.kafka().properties()).isEqualTo(Map.of("client.dns.lookup", "use_all_dns_ips"));
        assertThat(spec.topics().events()).isEqualTo("sensor-readings");
        assertThat(spec.topics().models()).isEqualTo("sensor-models");
        assertThat(spec.fields().key()).isEqualTo("machine");
        assertThat(spec.fields().values()).isEqualTo("values");
        assertThat(spec.fields().value()).isEqualTo("value"); // default
        assertThat(spec.fields().features()).containsExactly("temp", "rpm");
        assertThat(spec.time().maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(spec.time().eventTimeOrdering()).isTrue();
        assertThat(spec.time().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.time().features())
                .containsExactly(JobSpec.TimeFeature.HOUR_OF_DAY, JobSpec.TimeFeature.DAY_OF_WEEK);
        assertThat(spec.time().zone()).isEqualTo("UTC");
        assertThat(spec.model().store()).isEqualTo("./models/sensors");
        assertThat(spec.model().hidden()).isEqualTo(32);
        assertThat(spec.anomaly().warmup()).isEqualTo(50);
        assertThat(spec.delivery().guarantee()).isEqualTo(JobSpec.Guarantee.EXACTLY_ONCE);
        assertThat(spec.delivery().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.state().ttl()).isEqualTo(Duration.ofDays(7));
        assertThat(spec.training().learningRate()).isEqualTo(0.005);
        assertThat(spec.training().seed()).isEqualTo(42L);
        assertThat(spec.modelInputs()).isEqualTo(2 + 2 * 2);
        assertThat(spec.modelOutputs()).isEqualTo(2);
    }

    @Test
    void logsJobLoads() {
        JobSpec spec = JobSpecLoader.load("jobs/logs.yaml");

        assertThat(spec.name()).isEqualTo("logs");
        assertThat(spec.categorical()).isTrue();
        assertThat(spec.fields().key()).isEqualTo("session");
        assertThat(spec.fields().features()).isEmpty();
        assertThat(spec.tokens().field()).isEqualTo("event");
        assertThat(spec.tokens().learned()).isTrue();
        assertThat(spec.tokens().maxVocabulary()).isEqualTo(255);
        assertThat(spec.tokens().topK()).isEqualTo(3);
        assertThat(spec.tokens().topG()).isEqualTo(5);
        assertThat(spec.tokens().minProbability()).isEqualTo(0.01);
        assertThat(spec.time().eventTimeOrdering()).isFalse();
        assertThat(spec.model().horizon()).isEqualTo(1);
        assertThat(spec.model().rewarmSteps()).isEqualTo(64);
        assertThat(spec.training().ensemble()).isEqualTo(1);
        assertThat(spec.modelInputs()).isZero();
    }

    @Test
    void classpathCopyOfTheDemoJobEqualsTheFile() {
        assertThat(JobSpecLoader.load("classpath:jobs/demo.yaml")).isEqualTo(JobSpecLoader.load("jobs/demo.yaml"));
    }

    @Test
    void omittedSectionsTakeDefaults() {
        JobSpec spec = parse("name: x\n");

        assertThat(spec.name()).isEqualTo("x");
        assertThat(spec.kafka().bootstrap()).isEqualTo("localhost:9092");
        assertThat(spec.kafka().groupId()).isEqualTo("stepcast");
        assertThat(spec.kafka().startFrom()).isEqualTo(JobSpec.StartFrom.COMMITTED);
        assertThat(spec.kafka().properties()).isEmpty();
        assertThat(spec.topics().events()).isEqualTo("events");
        assertThat(spec.topics().predictions()).isEqualTo("predictions");
        assertThat(spec.topics().deadLetter()).isEqualTo("events-dlq");
        assertThat(spec.fields().key()).isEqualTo("key");
        assertThat(spec.fields().time()).isEqualTo("ts");
        assertThat(spec.fields().features()).isEqualTo(List.of("value"));
        assertThat(spec.time().maxOutOfOrderness()).isEqualTo(Duration.ZERO);
        assertThat(spec.time().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.time().features()).isEmpty();
        assertThat(spec.model())
                .isEqualTo(new JobSpec.Model(
                        Cell.LSTM,
                        32,
                        1,
                        1,
                        "./models",
                        JobSpec.SwapPolicy.REWARM,
                        32,
                        JobSpec.BeforeFirstModel.BUFFER,
                        List.of()));
        assertThat(spec.normalisation().mode()).isEqualTo(JobSpec.NormalisationMode.RUNNING);
        assertThat(spec.normalisation().window()).isEqualTo(1000);
        assertThat(spec.anomaly()).isEqualTo(new JobSpec.Anomaly(0.999, 30, 5, false, 0.01, 0, JobSpec.Season.DEFAULT));
        assertThat(spec.anomaly().season().enabled()).isFalse();
        assertThat(spec.delivery().guarantee()).isEqualTo(JobSpec.Guarantee.AT_LEAST_ONCE);
        assertThat(spec.delivery().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.state()).isEqualTo(new JobSpec.State(Duration.ZERO, JobSpec.StateBackend.HEAP));
        assertThat(spec.training().epochs()).isEqualTo(10);
        assertThat(spec.training().seed()).isEqualTo(42L);
        assertThat(spec.training().ensemble()).isEqualTo(1);
        assertThat(spec.parallelism()).isEqualTo(2);
        assertThat(spec.modelInputs()).isEqualTo(1);
    }

    @Test
    void derivedDefaultFollowsGivenValue() {
        assertThat(parse("topics: {events: raw}").topics().deadLetter()).isEqualTo("raw-dlq");
    }

    @Test
    void enumsAndDurationsAreReadTheYamlWay() {
        JobSpec spec = parse("""
                model: {cell: RNN}
                delivery: {guarantee: exactly-once, checkpointInterval: 500 ms}
                time: {features: [day-of-week], maxOutOfOrderness: 1500}
                normalisation: {mode: none}
                state: {ttl: 5min, backend: rocksdb}
                """);
        assertThat(spec.model().cell()).isEqualTo(Cell.RNN);
        assertThat(spec.delivery().guarantee()).isEqualTo(JobSpec.Guarantee.EXACTLY_ONCE);
        assertThat(spec.delivery().checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.time().features()).containsExactly(JobSpec.TimeFeature.DAY_OF_WEEK);
        assertThat(spec.time().maxOutOfOrderness()).isEqualTo(Duration.ofMillis(1500));
        assertThat(spec.normalisation().mode()).isEqualTo(JobSpec.NormalisationMode.NONE);
        assertThat(spec.state().ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.state().backend()).isEqualTo(JobSpec.StateBackend.ROCKSDB);
    }

    @Test
    void unknownFieldIsNamedWithItsPath() {
        InvalidJobSpecException e = failure("model: {hiden: 3}");
        assertThat(e.getMessage())
                .startsWith("t.yaml: ")
                .contains("model.hiden")
                .contains("unknown field")
                .contains("hidden"); // lists the known fields
    }

    @Test
    void unknownTopLevelFieldIsNamed() {
        assertThat(failure("name: x\nparalelism: 3").getMessage())
                .contains("paralelism")
                .contains("unknown field");
    }

    @Test
    void outOfRangeValueIsNamed() {
        assertThat(failure("model: {hidden: 0}").getMessage())
                .isEqualTo("t.yaml: model.hidden: must be between 1 and 4096, got 0");
        assertThat(failure("anomaly: {threshold: 1.5}").getMessage()).contains("anomaly.threshold");
        assertThat(failure("training: {sequenceLength: 10, tbptt: 11}").getMessage())
                .contains("training.tbptt");
        assertThat(failure("parallelism: 0").getMessage())
                .contains("parallelism")
                .contains("got 0");
        assertThat(failure("time: {zone: Mars/Olympus}").getMessage())
                .contains("time.zone")
                .contains("Mars/Olympus");
        assertThat(failure("training: {ensemble: 0}").getMessage())
                .contains("training.ensemble")
                .contains("got 0");
        assertThat(failure("model: {horizon: 5, lags: [336, 336]}").getMessage())
                .contains("model.lags: has duplicates");
    }

    @Test
    void tuningNeedsAHeldOutSliceAndValues() {
        assertThat(failure("training: {validationFraction: 0, tuning: {trials: 9}}")
                        .getMessage())
                .isEqualTo("t.yaml: training.validationFraction: tuning picks a configuration by its error on the "
                        + "held-out slice: must be above 0 when training.tuning.trials is set");
        assertThat(failure("tokens: {field: event}\ntraining: {validationFraction: 0.2, tuning: {trials: 9}}")
                        .getMessage())
                .contains("training.tuning.trials: tuning is for jobs that predict values");
        assertThat(failure("training: {validationFraction: 0.2, tuning: {trials: 9, eta: 1}}")
                        .getMessage())
                .contains("training.tuning.eta: must be between 2 and 10, got 1");
        assertThat(failure("training: {validationFraction: 0.2, tuning: {trials: 9, hidden: [0, 8]}}")
                        .getMessage())
                .contains("training.tuning.hidden");
        assertThat(failure("training: {validationFraction: 0.2, tuning: {trials: 9, recent: [0]}}")
                        .getMessage())
                .contains("training.tuning.recent: each must be in (0, 1]");
        JobSpec tuned = TestSpecs.parse("training: {validationFraction: 0.2, tuning: {trials: 9}}");
        assertThat(tuned.training().tuning().enabled()).isTrue();
        // an ensemble tunes too: its other members then train with the winner's settings
        assertThat(TestSpecs.parse("training: {validationFraction: 0.2, ensemble: 3, tuning: {trials: 9}}")
                        .training()
                        .ensemble())
                .isEqualTo(3);
        assertThat(tuned.training().tuning().hidden()).containsExactly(8, 16, 32);
        assertThat(tuned.training().tuning().changesShape(tuned.model())).isTrue();
        JobSpec fixedShape = TestSpecs.parse(
                "model: {hidden: 16}\ntraining: {validationFraction: 0.2, tuning: {trials: 9, hidden: [16], layers: []}}");
        assertThat(fixedShape.training().tuning().changesShape(fixedShape.model()))
                .isFalse();
    }

    @Test
    void tunedLagSetsAreCheckedLikeTheModelsOwnAndKeysKeepAllOfThem() {
        assertThat(failure(
                                "model: {horizon: 5}\ntraining: {validationFraction: 0.2, tuning: {trials: 9, lags: [[], [4]]}}")
                        .getMessage())
                .isEqualTo("t.yaml: training.tuning.lags: each must be between model.horizon (5) and 100000, got [4]");
        assertThat(failure("training: {validationFraction: 0.2, tuning: {trials: 9, lags: [[48, 48]]}}")
                        .getMessage())
                .contains("training.tuning.lags: has duplicates in [48, 48]");
        JobSpec tuned = TestSpecs.parse(
                "model: {lags: [336]}\ntraining: {validationFraction: 0.2, tuning: {trials: 9, lags: [[], [48, 336], [1]]}}");
        assertThat(tuned.training().tuning().lags()).containsExactly(List.of(), List.of(48, 336), List.of(1));
        assertThat(tuned.keptLags()).containsExactly(336, 48, 1);
        assertThat(tuned.training().tuning().changesLags(tuned.model())).isTrue();
        assertThat(tuned.modelInputs()).isEqualTo(2);
        assertThat(tuned.inputsWithLags(3)).isEqualTo(4);
        // lag lists are read only when the job tunes
        JobSpec off = tuned.with(JobSpec.Tuning.TRIALS, 0);
        assertThat(off.keptLags()).containsExactly(336);
        assertThat(off.training().tuning().changesLags(off.model())).isFalse();
    }

    @Test
    void badEnumNamesTheAllowedValues() {
        InvalidJobSpecException e = failure("model: {cell: gru}");
        assertThat(e.getMessage()).contains("model.cell").contains("gru").contains("lstm, rnn");

        assertThat(failure("delivery: {guarantee: twice}").getMessage())
                .contains("delivery.guarantee")
                .contains("exactly-once, at-least-once, none");
        assertThat(failure("state: {backend: leveldb}").getMessage())
                .contains("state.backend")
                .contains("leveldb")
                .contains("heap, rocksdb");
    }

    @Test
    void badDurationIsNamed() {
        InvalidJobSpecException e = failure("time: {maxOutOfOrderness: two seconds}");
        assertThat(e.getMessage())
                .contains("time.maxOutOfOrderness")
                .contains("two seconds")
                .contains("duration");
    }

    @Test
    void negativeDurationIsRejected() {
        assertThat(failure("state: {ttl: -1 s}").getMessage()).contains("state.ttl");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThat(failure("model: {hidden: lots}").getMessage()).contains("model.hidden");
        assertThat(failure("fields: {features: {a: 1}}").getMessage()).contains("fields.features");
        assertThat(failure("model: [1, 2]").getMessage()).contains("model");
    }

    @Test
    void emptyFileIsRejected() {
        assertThat(failure("").getMessage()).startsWith("t.yaml: ").contains("empty");
        assertThat(failure("# only a comment\n").getMessage())
                .startsWith("t.yaml: ")
                .contains("empty");
    }

    @Test
    void invalidYamlIsRejected() {
        assertThat(failure("model: {hidden: 3\n").getMessage()).startsWith("t.yaml: ");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("nope.yaml").toString();
        assertThatThrownBy(() -> JobSpecLoader.load(missing))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessage(missing + ": no such job file");
        assertThatThrownBy(() -> JobSpecLoader.load("classpath:jobs/nope.yaml"))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("jobs/nope.yaml");
    }

    @Test
    void errorsFromAFileNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "model:\n  layers: 9\n");
        assertThatThrownBy(() -> JobSpecLoader.load(file.toString()))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessage(file + ": model.layers: must be between 1 and 8, got 9");
    }

    @Test
    void aJobWithTokensMayHaveNoNumericFeatures() {
        JobSpec spec = parse("fields: {features: []}\ntokens: {field: event, vocabulary: [login, view], topK: 2}");
        assertThat(spec.categorical()).isTrue();
        assertThat(spec.tokens().learned()).isFalse();
        assertThat(spec.tokens().vocabulary()).containsExactly("login", "view");
        assertThat(spec.fields().features()).isEmpty();
        assertThat(spec.modelInputs()).isZero();
        JobSpec defaults = parse("name: n");
        assertThat(defaults.categorical()).isFalse();
        assertThat(defaults.tokens().learned()).isTrue();
        assertThat(defaults.tokens().topK()).isEqualTo(5);
        assertThat(defaults.tokens().topG()).isEqualTo(3);
        assertThat(defaults.tokens().maxVocabulary()).isEqualTo(1023);
        assertThat(defaults.tokens().maxLength()).isEqualTo(128);
        assertThat(defaults.tokens().minProbability()).isZero();
    }

    @Test
    void tokensAndNumericSettingsAreCheckedAgainstEachOther() {
        assertThat(failure("fields: {features: []}").getMessage())
                .isEqualTo("t.yaml: fields.features: must list 1 to 64 names (or set tokens.field)");
        assertThat(failure("tokens: {field: event}\nmodel: {horizon: 2}").getMessage())
                .isEqualTo("t.yaml: model.horizon: a job with tokens predicts the next token: must be 1");
        assertThat(failure("tokens: {field: event}\nmodel: {lags: [24]}").getMessage())
                .isEqualTo("t.yaml: model.lags: a job with tokens takes no lag inputs");
        assertThat(failure("tokens: {field: event}\ntraining: {ensemble: 3}").getMessage())
                .isEqualTo("t.yaml: training.ensemble: a job with tokens serves one network: must be 1");
        StringBuilder many = new StringBuilder("fields: {features: [");
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ", ").append("f").append(i);
        }
        assertThat(failure(many + "]}\ntokens: {field: event}").getMessage())
                .isEqualTo("t.yaml: fields.features: must list at most 64 names");
    }

    @Test
    void tokenSettingsAreCheckedWithTheirLimits() {
        assertThat(failure("tokens: {field: e, maxVocabulary: 0}").getMessage())
                .isEqualTo("t.yaml: tokens.maxVocabulary: must be between 1 and 65535, got 0");
        assertThat(failure("tokens: {field: e, maxVocabulary: 65536}").getMessage())
                .contains("tokens.maxVocabulary");
        assertThat(failure("tokens: {field: e, maxLength: 0}").getMessage())
                .isEqualTo("t.yaml: tokens.maxLength: must be between 1 and 32768, got 0");
        assertThat(failure("tokens: {field: e, vocabulary: [a, b, c], maxVocabulary: 2}")
                        .getMessage())
                .isEqualTo("t.yaml: tokens.vocabulary: lists 3 tokens, more than tokens.maxVocabulary (2)");
        assertThat(failure("tokens: {field: e, vocabulary: [a, b, a]}").getMessage())
                .isEqualTo("t.yaml: tokens.vocabulary: has duplicates");
        assertThat(failure("tokens: {field: e, vocabulary: [a, ''], maxLength: 3}")
                        .getMessage())
                .isEqualTo(
                        "t.yaml: tokens.vocabulary: tokens must be non-empty and at most tokens.maxLength (3) UTF-8 bytes");
        assertThat(failure("tokens: {field: e, vocabulary: [\u00e9\u00e9], maxLength: 3}")
                        .getMessage())
                .contains("tokens.vocabulary");
        assertThat(failure("tokens: {field: e, topK: 0}").getMessage())
                .isEqualTo("t.yaml: tokens.topK: must be between 1 and 65536, got 0");
        assertThat(failure("tokens: {field: e, topG: 65537}").getMessage())
                .isEqualTo("t.yaml: tokens.topG: must be between 1 and 65536, got 65537");
        assertThat(failure("tokens: {field: e, minProbability: 1.0}").getMessage())
                .isEqualTo("t.yaml: tokens.minProbability: must be in [0, 1), got 1.0");
        assertThat(failure("tokens: {field: e, minProbability: -0.1}").getMessage())
                .contains("tokens.minProbability");
        // the limits themselves are fine
        JobSpec edge = parse(
                "tokens: {field: e, maxVocabulary: 4, topK: 5, topG: 5, vocabulary: [\u00e9\u00e9], maxLength: 4}");
        assertThat(edge.tokens().topK()).isEqualTo(5);
    }
}
