package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.model.ModelFormatException;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.KeyPredictor;
import io.stepcast.runtime.predict.Predictor;
import io.stepcast.runtime.predict.TokenPredictor;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which predictor a loaded model serves with, and which next-token models may follow the serving one. */
class ServingModelsTest {
    private static final JobSpec TOKENS =
            TestSpecs.parse("name: sessions\nfields: {features: []}\ntokens: {field: event}\nmodel: {hidden: 4}");

    @TempDir
    Path dir;

    private static ModelPointer publish(ModelStore store, TokenVocabulary vocabulary, long seed) {
        ModelManifest m = store.publish(
                ModelManifest.draft(TOKENS, vocabulary, Map.of("top1", 0.5)),
                RandomWeights.of(ModelShape.ofTokens(TOKENS, vocabulary.size()), seed),
                null);
        return store.pointer(m);
    }

    @Test
    void aNumericModelServesWithAKeyPredictorATokenModelWithATokenPredictor() {
        ModelStore store = new ModelStore(dir.resolve("numeric").toString());
        JobSpec numeric = TestSpecs.parse("name: n\nmodel: {hidden: 4}");
        ModelManifest m = TestSpecs.publish(store, numeric, TestSpecs.randomWeightsFor(numeric, 1));
        assertThat(new ServingModels(numeric, store).serving(store.pointer(m).toJson()))
                .isInstanceOf(KeyPredictor.class);

        ModelStore tokens = new ModelStore(dir.resolve("tokens").toString());
        TokenVocabulary abc = TokenVocabulary.of(List.of("a", "b", "c"));
        ModelPointer p = publish(tokens, abc, 1);
        Predictor served = new ServingModels(TOKENS, tokens).serving(p.toJson());
        assertThat(served).isInstanceOf(TokenPredictor.class);
        assertThat(((TokenPredictor) served).vocabulary()).isEqualTo(abc);
        assertThat(served.version()).isEqualTo(1);
    }

    @Test
    void aTokenModelMustKeepTheServingModelsIdsAtTheirMeaning() {
        ModelStore store = new ModelStore(dir.toString());
        TokenVocabulary abc = TokenVocabulary.of(List.of("a", "b", "c"));
        ModelPointer v1 = publish(store, abc, 1);
        ModelPointer grown = publish(store, abc.grownBy(List.of("d", "e"), 100), 2);
        ModelPointer reordered = publish(store, TokenVocabulary.of(List.of("b", "a", "c", "d")), 3);
        ModelPointer prefix = publish(store, TokenVocabulary.of(List.of("a", "b")), 4);
        ModelPointer replaced = publish(store, TokenVocabulary.of(List.of("a", "x", "c")), 5);
        ServingModels models = new ServingModels(TOKENS, store);
        models.serving(v1.toJson());

        assertThatThrownBy(() -> models.load(reordered))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("the vocabulary of version 3 neither extends nor is a prefix of that of serving version 1: "
                        + "keys' token ids would change meaning");
        assertThatThrownBy(() -> models.load(replaced)).isInstanceOf(ModelFormatException.class);

        // growth, then a rollback to a prefix of the grown vocabulary
        Predictor next = models.load(grown);
        models.activate(grown.toJson(), next);
        assertThat(models.serving(grown.toJson())).isSameAs(next);
        assertThat(((TokenPredictor) models.load(prefix)).vocabulary().tokens()).containsExactly("a", "b");
        assertThat(((TokenPredictor) models.load(v1)).vocabulary()).isEqualTo(abc);
    }
}
