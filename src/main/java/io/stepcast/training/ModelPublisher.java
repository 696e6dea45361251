package io.stepcast.training;

import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Writes trained models to the store with a manifest describing how they encode inputs. */
public final class ModelPublisher {
    private final JobSpec spec;
    private final ModelStore store;

    public ModelPublisher(JobSpec spec, ModelStore store) {
        this.spec = spec;
        this.store = store;
    }

    public ModelManifest publish(Trainer.TrainedModel model) {
        ModelManifest draft = ModelManifest.draft(spec, model.metrics());
        return store.publish(draft, model.weights(), serialise(model.network()));
    }

    /** Publishes the tuner's winner: its shape and settings are the winning trial's, and the trials go along. */
    public ModelManifest publish(Trainer.TrainedModel model, Tuner.Result tuned) {
        ModelManifest draft = ModelManifest.draft(tuned.tuned(), model.metrics(), tuned.table());
        return store.publish(draft, model.weights(), serialise(model.network()));
    }

    /** Publishes a next-token model over {@code vocabulary}. */
    public ModelManifest publish(Trainer.TrainedModel model, TokenVocabulary vocabulary) {
        ModelManifest draft = ModelManifest.draft(spec, vocabulary, model.metrics());
        return store.publish(draft, model.weights(), serialise(model.network()));
    }

    /**
     * The longest vocabulary of the stored models that fit the job, or none: a learned vocabulary grows
     * from it, so every stored version's ids keep their meaning in every later one, rollbacks included.
     */
    public TokenVocabulary longestStoredVocabulary() {
        return store.versions().stream()
                .filter(m -> m.misfit(spec) == null)
                .map(ModelManifest::tokenVocabulary)
                .max(Comparator.comparingInt(TokenVocabulary::size))
                .orElse(null);
    }

    /** The newest stored network that fits the job, to continue training from. */
    public Optional<MultiLayerNetwork> warmStart() {
        return store.latest().flatMap(this::warmStart);
    }

    /**
     * The DL4J network of {@code manifest}'s version, when it has one and fits the job: the periodic
     * trainer continues from the serving model, which need not be the newest stored.
     */
    public Optional<MultiLayerNetwork> warmStart(ModelManifest manifest) {
        return Optional.of(manifest)
                .filter(m -> m.misfit(spec) == null && m.dl4jFile() != null)
                .map(m -> restore(store.loadDl4jModel(m)));
    }

    private static byte[] serialise(MultiLayerNetwork net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, out, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the DL4J network", e);
        }
        return out.toByteArray();
    }

    private static MultiLayerNetwork restore(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored DL4J network", e);
        }
    }
}
