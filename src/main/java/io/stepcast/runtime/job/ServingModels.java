package io.stepcast.runtime.job;

import io.stepcast.runtime.model.ModelFormatException;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.KeyPredictor;
import io.stepcast.runtime.predict.Predictor;
import io.stepcast.runtime.predict.TokenPredictor;
import io.stepcast.runtime.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's view of the models: the predictor of the serving version and a small cache of
 * verified predictors by version (a rollback to a recent version costs no reload). Transient: after a
 * restore it is rebuilt from the pointer in broadcast state on first use.
 */
final class ServingModels {
    private static final Logger LOG = LoggerFactory.getLogger(ServingModels.class);
    private static final int CACHED_VERSIONS = 3;

    private final JobSpec spec;
    private final ModelStore store;
    private final Map<Long, Predictor> cache = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Predictor> eldest) {
            return size() > CACHED_VERSIONS;
        }
    };
    private String activeJson;
    private Predictor active;

    ServingModels(JobSpec spec, ModelStore store) {
        this.spec = spec;
        this.store = store;
    }

    /**
     * Loads and verifies the weights behind {@code pointer} (see {@link ModelStore#load}); throws
     * {@link ModelFormatException} when they must not serve, which includes a next-token model whose
     * vocabulary would give the serving model's token ids other meanings.
     */
    Predictor load(ModelPointer pointer) {
        Predictor cached = cache.get(pointer.version());
        if (cached != null) {
            return cached;
        }
        ModelStore.ServableModel model = store.load(pointer, spec);
        RecurrentKernel kernel = RecurrentKernel.of(model.weights());
        // which kernel serves is a 10x throughput question (docs/benchmarks.md), so say it
        LOG.info(
                "model version {} ({}) serves with the {} kernel",
                pointer.version(),
                kernel.shape().describe(),
                kernel.variant());
        TokenVocabulary vocabulary = model.manifest().tokenVocabulary();
        Predictor predictor = vocabulary == null
                ? new KeyPredictor(spec, List.of(kernel), model.manifest().lags(), pointer.version())
                : new TokenPredictor(spec, kernel, requireCompatible(vocabulary, pointer), pointer.version());
        cache.put(pointer.version(), predictor);
        return predictor;
    }

    /**
     * Keys' remembered token ids were written under the serving model's vocabulary: a new one must keep
     * each of them at its meaning, by extending it (growth) or being a prefix of it (a rollback).
     */
    private TokenVocabulary requireCompatible(TokenVocabulary vocabulary, ModelPointer pointer) {
        if (active instanceof TokenPredictor serving && !vocabulary.compatibleWith(serving.vocabulary())) {
            throw new ModelFormatException("the vocabulary of version " + pointer.version()
                    + " neither extends nor is a prefix of that of serving version " + serving.version()
                    + ": keys' token ids would change meaning");
        }
        return vocabulary;
    }

    /** Makes an already loaded version the serving one; {@code json} is its pointer as broadcast. */
    void activate(String json, Predictor predictor) {
        activeJson = json;
        active = predictor;
    }

    /**
     * The predictor for the pointer currently in broadcast state ({@code json}, null before any
     * model), loading it if this subtask has not yet (after a restore, the pointer comes back with
     * the state but the weights do not).
     */
    Predictor serving(String json) {
        if (json != null && !json.equals(activeJson)) {
            activate(json, load(ModelPointer.parse(json)));
        }
        return json == null ? null : active;
    }

    long activeVersion() {
        return active == null ? 0 : active.version();
    }
}
