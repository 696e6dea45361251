package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void weightsOfAnotherShapeThanTheManifestAreRejected() throws Exception {
        ModelStore store = new ModelStore(dir.toString());
        ModelManifest m = TestSpecs.publish(store, SPEC, weights(1));
        // manifest claims 4 hidden units while the (intact, checksummed) weights have 3
        ModelManifest lying = new ModelManifest(
                m.version(),
                m.cell(),
                m.inputs(),
                4,
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
                null);
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
}
