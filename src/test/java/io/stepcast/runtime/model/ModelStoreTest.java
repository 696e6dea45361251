package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    private static final JobSpec SPEC = TestSpecs.parse("""
            name: store-test
            fields: {features: [a, b]}
            time: {features: [hour-of-day]}
            model: {hidden: 3, horizon: 2}
            """);

    @TempDir
    Path dir;

    private ModelWeights weights(long seed) {
        return TestSpecs.randomWeightsFor(SPEC, seed);
    }

    @Test
    void emptyStoreHasNoVersion() {
        assertThat(new ModelStore(dir.resolve("nothing-yet").toString()).latest())
                .isEmpty();
        assertThat(new ModelStore(dir.toString()).latest()).isEmpty();
    }

    @Test
    void publishNumbersVersionsAndFillsTheManifest() {
        ModelStore store = new ModelStore(dir.toString());
        ModelManifest first = TestSpecs.publish(store, SPEC, weights(1));
        ModelManifest second = store.publish(TestSpecs.draftFor(SPEC), weights(2), new byte[] {1, 2, 3});

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.latest()).contains(second);
        assertThat(store.manifest(1)).isEqualTo(first);
        assertThat(first.misfit(SPEC)).isNull();
        assertThat(first.weightsFile()).isEqualTo(ModelManifest.WEIGHTS_FILE);
        assertThat(first.weightsSha256())
                .isEqualTo(ModelStore.sha256(WeightsCodec.encode(weights(1))))
                .hasSize(64);
        assertThat(first.dl4jFile()).isNull();
        assertThat(second.dl4jFile()).isEqualTo(ModelManifest.DL4J_FILE);
        assertThat(first.job()).isEqualTo("store-test");
        assertThat(first.metrics()).isEqualTo(Map.of("rmse", 0.5));
        assertThat(dir.resolve("v000001").resolve(ModelStore.MANIFEST_FILE)).isRegularFile();
        assertThat(dir.resolve("v000002").resolve(ModelManifest.DL4J_FILE)).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(store.loadDl4jModel(second)).containsExactly(1, 2, 3);
    }

    @Test
    void weightsRoundTrip() {
        ModelStore store = new ModelStore(dir.toString());
        ModelManifest m1 = TestSpecs.publish(store, SPEC, weights(1));
        ModelManifest m2 = TestSpecs.publish(store, SPEC, weights(2));
        assertThat(store.loadWeights(m1)).isEqualTo(weights(1));
        assertThat(store.loadWeights(m2)).isEqualTo(weights(2)).isNotEqualTo(weights(1));
        assertThat(store.loadWeights(store.manifest(2))).isEqualTo(weights(2));
    }

    @Test
    void aTunedModelsTrialsRoundTripThroughTheManifest() {
        ModelStore store = new ModelStore(dir.toString());
        TuningTable table = new TuningTable(
                TuningTable.SUCCESSIVE_HALVING,
                3,
                1,
                3,
                List.of(
                        new TuningTrial(0, 3, 1, 0.01, 200, 1.0, List.of(), true, List.of(1), List.of(0.5)),
                        new TuningTrial(1, 3, 1, 0.03, 100, 0.5, List.of(), false, List.of(1, 3), List.of(0.4, 0.3)),
                        new TuningTrial(2, 3, 1, 0.1, 200, 1.0, List.of(), false, List.of(1), List.of(Double.NaN))));
        ModelManifest published =
                store.publish(ModelManifest.draft(SPEC, Map.of("validationMae", 0.3), table), weights(1), null);
        ModelManifest read = store.manifest(published.version());
        assertThat(read.tuning()).isEqualTo(table);
        assertThat(read.tuning().winning().bestValidationMae()).isEqualTo(0.3);
        // a diverged trial's error is stored as null, JSON having no NaN
        assertThat(read.tuning().trials().get(2).validationMae()).containsExactly((Double) null);
        assertThat(read.tuning().trials().get(2).bestValidationMae()).isNaN();
    }

    @Test
    void tamperedWeightsFailTheChecksum() throws Exception {
        ModelStore store = new ModelStore(dir.toString());
        ModelManifest m = TestSpecs.publish(store, SPEC, weights(1));
        Path file = dir.resolve("v000001").resolve(ModelManifest.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> store.loadWeights(m))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("checksum")
                .hasMessageContaining(m.weightsSha256());
    }

    @Test
    void versionWithoutManifestIsIgnored() throws Exception {
        ModelStore store = new ModelStore(dir.toString());
        TestSpecs.publish(store, SPEC, weights(1));
        TestSpecs.publish(store, SPEC, weights(2));
        // an interrupted publish: weights written, manifest not yet
        Path incomplete = Files.createDirectories(dir.resolve("v000003"));
        Files.write(incomplete.resolve(ModelManifest.WEIGHTS_FILE), WeightsCodec.encode(weights(3)));
        Files.createDirectories(dir.resolve("not-a-version"));
        Files.writeString(dir.resolve("v000009.txt"), "stray file");

        assertThat(store.latest())
                .hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(2));
    }

    @Test
    void publishingAfterAnInterruptedPublishDoesNotCollide() throws Exception {
        ModelStore store = new ModelStore(dir.toString());
        TestSpecs.publish(store, SPEC, weights(1));
        Path incomplete = Files.createDirectories(dir.resolve("v000002"));
        Files.write(incomplete.resolve(ModelManifest.WEIGHTS_FILE), new byte[] {0});

        ModelManifest next = TestSpecs.publish(store, SPEC, weights(3));

        assertThat(next.version()).isGreaterThan(2);
        assertThat(store.latest()).contains(next);
        assertThat(store.loadWeights(next)).isEqualTo(weights(3));
    }

    @Test
    void relativePathAndFileUriAddressTheSameStore() {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath());
        assertThat(relative.isAbsolute()).isFalse();
        ModelStore byPath = new ModelStore(relative.toString());
        ModelStore byUri = new ModelStore(dir.toUri().toString());

        assertThat(byPath.uri()).startsWith("file:");
        ModelManifest m1 = TestSpecs.publish(byPath, SPEC, weights(1));
        ModelManifest m2 = TestSpecs.publish(byUri, SPEC, weights(2));

        assertThat(m2.version()).isEqualTo(2);
        assertThat(byPath.latest()).contains(m2);
        assertThat(byUri.latest()).contains(m2);
        assertThat(byUri.loadWeights(m1)).isEqualTo(weights(1));
        assertThat(byPath.loadWeights(m2)).isEqualTo(weights(2));
        assertThat(dir.resolve("v000002").resolve(ModelStore.MANIFEST_FILE)).isRegularFile();
    }

    @Test
    void manifestOfAMissingVersionFails() {
        ModelStore store = new ModelStore(dir.toString());
        assertThatThrownBy(() -> store.manifest(5))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("v000005");
    }

    /** {@code m} claiming {@code inputs} inputs and {@code hidden} units, whatever its weights have. */
    private static ModelManifest sizedOtherwise(ModelManifest m, int inputs, int hidden) {
        return new ModelManifest(
                m.version(),
                m.cell(),
                inputs,
                hidden,
                m.layers(),
                m.outputs(),
                m.horizon(),
                m.features(),
                m.timeFeatures(),
                m.lags(),
                m.normalisation(),
                m.normalisationWindow(),
                m.weightsFile(),
                m.weightsSha256(),
                m.dl4jFile(),
                m.createdAt(),
                m.job(),
                m.metrics(),
                null,
                null,
                null);
    }

    @Test
    void weightsOfAnotherShapeThanTheManifestAreRejected() throws Exception {
        ModelStore store = new ModelStore(dir.toString());
        ModelManifest m = TestSpecs.publish(store, SPEC, weights(1));
        // manifest claims 4 hidden units while the (intact, checksummed) weights have 3
        ModelManifest lying = sizedOtherwise(m, m.inputs(), 4);
        assertThatThrownBy(() -> store.loadWeights(lying))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("shape");
    }

    @Test
    void modelTrainedWithOtherLagInputsDoesNotFit() {
        JobSpec lagged = TestSpecs.parse("fields: {features: [a, b]}\ntime: {features: [hour-of-day]}\n"
                + "model: {hidden: 3, horizon: 2, lags: [24]}");
        assertThat(TestSpecs.draftFor(lagged).misfit(SPEC)).isEqualTo("lags are [24], the job has []");
    }

    @Test
    void aJobThatTunesLagsTakesAModelWithAnyOfTheLagsItsKeysKeep() {
        String job = "fields: {features: [a, b]}\ntime: {features: [hour-of-day]}\nmodel: {hidden: 3, horizon: 2%s}\n"
                + "training: {validationFraction: 0.2, tuning: {trials: 4, hidden: [], layers: [], lags: [[], [24, 6]]}}";
        JobSpec tuning = TestSpecs.parse(String.format(job, ""));
        assertThat(tuning.keptLags()).containsExactly(24, 6);
        for (String lags : List.of("", ", lags: [6, 24]", ", lags: [24]", ", lags: [6]")) {
            JobSpec trained = TestSpecs.parse(String.format(job, lags).replace("trials: 4", "trials: 0"));
            assertThat(TestSpecs.draftFor(trained).misfit(tuning)).as(lags).isNull();
        }
        JobSpec other = TestSpecs.parse(String.format(job, ", lags: [12]").replace("trials: 4", "trials: 0"));
        assertThat(TestSpecs.draftFor(other).misfit(tuning))
                .isEqualTo("lags are [12], the job's keys keep [24, 6] (model.lags and training.tuning.lags)");
        // the job file's lags come first in what keys keep, so adding lag tuning keeps their layout
        JobSpec lagged = TestSpecs.parse(String.format(job, ", lags: [6]"));
        assertThat(lagged.keptLags()).containsExactly(6, 24);
        assertThat(lagged.with(JobSpec.Tuning.TRIALS, 0).keptLags()).containsExactly(6);
        // a manifest whose inputs do not add up for its lags is refused, whatever the lags
        ModelManifest m = TestSpecs.draftFor(TestSpecs.parse(String.format(job, ", lags: [6]")));
        ModelManifest lying = sizedOtherwise(m, m.inputs() + 2, m.hidden());
        assertThat(lying.misfit(tuning)).isEqualTo("it has 8 inputs, its lags [6] and the job's features need 6");
    }

    @Test
    void manifestWrittenBeforeLagInputsReadsAsHavingNone() throws Exception {
        ModelStore store = new ModelStore(dir.toString());
        TestSpecs.publish(store, SPEC, weights(1));
        Path file = dir.resolve("v000001").resolve(ModelStore.MANIFEST_FILE);
        String json = Files.readString(file);
        Files.writeString(file, json.replaceAll("\"lags\" : \\[ *\\],\\s*", ""));
        assertThat(Files.readString(file)).doesNotContain("lags").isNotEqualTo(json);

        assertThat(store.manifest(1).lags()).isEmpty();
        assertThat(store.manifest(1).misfit(SPEC)).isNull();
    }

    private static final JobSpec TOKENS = TestSpecs.parse("""
            name: store-test
            fields: {features: [a]}
            tokens: {field: event, maxVocabulary: 4}
            model: {hidden: 3}
            """);
    private static final TokenVocabulary XYZ = TokenVocabulary.of(java.util.List.of("x", "y", "z"));

    private static ModelManifest tokenDraft(JobSpec spec, TokenVocabulary vocabulary) {
        return ModelManifest.draft(spec, vocabulary, Map.of("top1", 0.5));
    }

    @Test
    void aNextTokenModelKeepsItsVocabularyAndLoadsWithIt() {
        ModelStore store = new ModelStore(dir.toString());
        ModelWeights weights = RandomWeights.of(ModelShape.ofTokens(TOKENS, XYZ.size()), 1);
        ModelManifest draft = tokenDraft(TOKENS, XYZ);
        assertThat(draft.vocabulary()).containsExactly("x", "y", "z");
        assertThat(draft.shape()).isEqualTo(new ModelShape(io.stepcast.runtime.spec.Cell.LSTM, 1 + 4, 3, 1, 4));
        ModelManifest stored = store.publish(draft, weights, null);

        assertThat(store.manifest(1)).isEqualTo(stored);
        assertThat(store.manifest(1).tokenVocabulary()).isEqualTo(XYZ);
        assertThat(stored.misfit(TOKENS)).isNull();
        ModelStore.ServableModel model = store.load(store.pointer(stored), TOKENS);
        assertThat(model.weights()).isEqualTo(weights);
        assertThat(model.manifest().tokenVocabulary()).isEqualTo(XYZ);
        // a numeric model has none
        ModelManifest numeric = TestSpecs.publish(store, SPEC, weights(1));
        assertThat(numeric.vocabulary()).isNull();
        assertThat(numeric.tokenVocabulary()).isNull();
        assertThat(store.load(store.pointer(numeric), SPEC).manifest()).isEqualTo(numeric);
    }

    @Test
    void aModelOfTheOtherKindDoesNotFit() {
        JobSpec numericA = TestSpecs.parse("name: store-test\nfields: {features: [a]}\nmodel: {hidden: 3}");
        assertThat(TestSpecs.draftFor(numericA).misfit(TOKENS))
                .isEqualTo("it predicts values, the job predicts tokens");
        assertThat(tokenDraft(TOKENS, XYZ).misfit(numericA)).isEqualTo("it predicts tokens, the job predicts values");

        ModelStore store = new ModelStore(dir.toString());
        ModelManifest numeric =
                store.publish(TestSpecs.draftFor(numericA), TestSpecs.randomWeightsFor(numericA, 1), null);
        assertThatThrownBy(() -> store.load(store.pointer(numeric), TOKENS))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageEndingWith("does not fit job 'store-test': it predicts values, the job predicts tokens");
    }

    @Test
    void aFixedVocabularyMustBeTheModelsExactly() {
        JobSpec fixed = TOKENS.with(JobSpec.Tokens.VOCABULARY, java.util.List.of("x", "y"));
        assertThat(tokenDraft(fixed, TokenVocabulary.of(java.util.List.of("x", "y")))
                        .misfit(fixed))
                .isNull();
        assertThat(tokenDraft(TOKENS, XYZ).misfit(fixed)).isEqualTo("vocabulary is [x, y, z], the job fixes [x, y]");
        assertThat(tokenDraft(TOKENS, TokenVocabulary.of(java.util.List.of("y", "x")))
                        .misfit(fixed))
                .isEqualTo("vocabulary is [y, x], the job fixes [x, y]");
        // a learned vocabulary may be any the trainer grew, up to tokens.maxVocabulary
        assertThat(tokenDraft(TOKENS, TokenVocabulary.of(java.util.List.of("q")))
                        .misfit(TOKENS))
                .isNull();
    }

    @Test
    void aModelKnowingMoreTokensThanTheJobAllowsDoesNotFit() {
        TokenVocabulary five = TokenVocabulary.of(java.util.List.of("v", "w", "x", "y", "z"));
        JobSpec roomy = TOKENS.with(JobSpec.Tokens.MAX_VOCABULARY, 5);
        assertThat(tokenDraft(roomy, five).misfit(roomy)).isNull();
        assertThat(tokenDraft(roomy, five).misfit(TOKENS))
                .isEqualTo("it knows 5 tokens, more than tokens.maxVocabulary (4)");
    }

    @Test
    void aTokenModelOfOtherNumericInputsDoesNotFit() {
        JobSpec twoFeatures = TOKENS.with(JobSpec.Fields.FEATURES, java.util.List.of("a", "b"));
        assertThat(tokenDraft(twoFeatures, XYZ).misfit(TOKENS))
                .isEqualTo("it has 6 inputs and 4 outputs, its 3 tokens and the job's features need 5 and 4");
        JobSpec hourly = TestSpecs.parse("""
                name: store-test
                fields: {features: [a]}
                tokens: {field: event, maxVocabulary: 4}
                time: {features: [hour-of-day]}
                model: {hidden: 3}
                """);
        assertThat(tokenDraft(hourly, XYZ).misfit(TOKENS))
                .isEqualTo("it has 7 inputs and 4 outputs, its 3 tokens and the job's features need 5 and 4");
        // same inputs, other hidden size: the numeric checks still apply to a token model
        assertThat(tokenDraft(TOKENS.with(JobSpec.Model.HIDDEN, 5), XYZ).misfit(TOKENS))
                .isEqualTo("shape is 1x5, the job wants 1x3");
    }
}
