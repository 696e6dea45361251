package io.stepcast;

import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Shared helpers: job specs from YAML text, and stored models that fit a spec. */
public final class TestSpecs {
    private TestSpecs() {}

    /** Parses job YAML given as text, with "test.yaml" as its origin in error messages. */
    public static JobSpec parse(String yaml) {
        return JobSpecLoader.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** A draft manifest describing a model trained for {@code spec}, filled in like train/ModelPublisher does. */
    public static ModelManifest draftFor(JobSpec spec) {
        return ModelManifest.draft(spec, Map.of("rmse", 0.5));
    }

    /** Seeded random weights of the shape {@code spec} needs. */
    public static ModelWeights randomWeightsFor(JobSpec spec, long seed) {
        return RandomWeights.of(ModelShape.of(spec), seed);
    }

    /** Publishes {@code weights} for {@code spec} into {@code store} and returns the stored manifest. */
    public static ModelManifest publish(ModelStore store, JobSpec spec, ModelWeights weights) {
        return store.publish(draftFor(spec), weights, null);
    }
}
