package io.stepcast.runtime.predict;

import io.stepcast.runtime.anomaly.AnomalyLikelihood;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenScores;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import java.util.Arrays;

/**
 * Advances one key of a job with tokens by one event: scores the arrived token against the
 * distribution the model predicted before it, steps the network on it, and lists the most probable
 * next tokens.
 *
 * <p><b>Inputs.</b> The model's input is the job's numeric inputs (the features riding along and the
 * calendar features, encoded as for a numeric job), then one input per vocabulary id, the arrived
 * token's set to 1. The kernel skips zero inputs, so the token costs one row of weights: an embedding
 * lookup, not a V-wide product.
 *
 * <p><b>The start step.</b> A key's first token is scored too: before it, the network is stepped once
 * on an all-zero input from zero state, the "start of sequence" the trainer puts before every
 * sequence that begins with its key's first event. So a session that opens with the wrong event is
 * caught on that event.
 *
 * <p><b>State.</b> The distribution a token is scored against is read out again from the key's hidden
 * state ({@link RecurrentKernel#readOut}) rather than kept: V floats per key would dwarf the rest of
 * its state. Re-warming replays the key's last inputs, kept as token ids, not one-hot vectors, so a
 * key's state does not grow with the vocabulary and stays valid across models with larger ones (ids
 * are stable across versions, see {@link TokenVocabulary}).
 *
 * <p><b>Score.</b> The surprise −ln p of the arrived token is the key's "error": it is ranked among the
 * key's past surprises exactly like a numeric job's errors ({@link AnomalyLikelihood}), so the score
 * lies in [0, 1] and means the same thing. Independently, {@code unexpectedToken} is DeepLog's test:
 * the token was not among the model's {@code tokens.topG} most probable, or (with
 * {@code tokens.minProbability}) had less than that probability.
 *
 * <p>Deterministic and allocation-light (the prediction's own arrays only). Not thread-safe.
 */
public final class TokenPredictor implements Predictor {
    /** Probabilities below this are scored as this: −ln of it, about 87, bounds a token's surprise. */
    private static final double SMALLEST_PROBABILITY = Float.MIN_NORMAL;

    private final JobSpec spec;
    private final FeatureEncoder encoder;
    private final RecurrentKernel kernel;
    private final TokenVocabulary vocabulary;
    private final long modelVersion;
    private final ModelShape shape;
    /** The numeric inputs before the token's: features, then calendar features. */
    private final int numericInputs;

    private final int recentSteps;
    private final float[] x;
    private final float[] compactInput;
    private final float[] logits;
    private final float[] probabilities;
    private final double[] surprise = new double[1];
    private final int[] topIds;
    private final float[] topProbabilities;

    public TokenPredictor(JobSpec spec, RecurrentKernel kernel, TokenVocabulary vocabulary, long modelVersion) {
        ModelShape expected = ModelShape.ofTokens(spec, vocabulary.size());
        if (!kernel.shape().equals(expected)) {
            throw new IllegalArgumentException("model " + kernel.shape().describe() + " does not fit job '"
                    + spec.name() + "' over " + vocabulary.size() + " token ids, which needs " + expected.describe());
        }
        this.spec = spec;
        this.encoder = new FeatureEncoder(spec);
        this.kernel = kernel;
        this.vocabulary = vocabulary;
        this.modelVersion = modelVersion;
        this.shape = expected;
        this.numericInputs = spec.modelInputs();
        this.recentSteps = spec.model().rewarmSteps();
        this.x = new float[shape.inputs()];
        this.compactInput = new float[numericInputs + 1];
        this.logits = new float[shape.outputs()];
        this.probabilities = new float[shape.outputs()];
        int k = Math.min(spec.tokens().topK(), vocabulary.size());
        this.topIds = new int[k];
        this.topProbabilities = new float[k];
    }

    @Override
    public KeyState newState() {
        return KeyState.fresh(
                shape.stateSize(),
                shape.cellStateSize(),
                spec.fields().features().size(),
                1,
                recentSteps * compactInput.length,
                AnomalyLikelihood.BINS,
                spec.anomaly().shortWindow(),
                0);
    }

    @Override
    public long version() {
        return modelVersion;
    }

    /** The tokens this version knows. */
    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Prediction step(KeyState s, Event e) {
        if (isStale(s)) {
            adaptToThisModel(s);
        }
        long step = s.beginStep();
        Prediction p = Prediction.of(e, step);
        if (step == 1) {
            startStep(s);
        } else {
            kernel.readOut(s.recurrent().h(), logits);
        }
        TokenScores.softmax(logits, probabilities);
        int id = vocabulary.id(e.token);
        p.outOfVocabulary = id == TokenVocabulary.OUT_OF_VOCABULARY;
        p.tokenProbability = probabilities[id];
        p.tokenRank = TokenScores.rank(probabilities, id);
        p.unexpectedToken = spec.tokens().unexpected(p.tokenRank, p.tokenProbability);
        surprise[0] = -Math.log(Math.max(probabilities[id], SMALLEST_PROBABILITY));
        p.anomalyScore = AnomalyLikelihood.scoreAndLearn(s.errors(), surprise, e.values, 0, spec.anomaly());
        p.anomaly = p.anomalyScore >= spec.anomaly().threshold();

        encoder.encode(s, e.ts, e.values, x);
        System.arraycopy(x, 0, compactInput, 0, numericInputs);
        compactInput[numericInputs] = id;
        s.recentInputs().remember(step, compactInput);
        stepOn(s, compactInput);

        TokenScores.softmax(logits, probabilities);
        TokenScores.topK(probabilities, topIds, topProbabilities);
        p.nextTokens = new String[topIds.length];
        p.nextProbabilities = new double[topIds.length];
        for (int i = 0; i < topIds.length; i++) {
            p.nextTokens[i] = vocabulary.token(topIds[i]);
            p.nextProbabilities[i] = topProbabilities[i];
        }
        s.endStep(e.ts, e.recordTs);
        s.recurrent().computedBy(modelVersion);
        p.modelVersion = modelVersion;
        return p;
    }

    /** From zero state, one step on the all-zero input: leaves the first token's distribution in {@link #logits}. */
    private void startStep(KeyState s) {
        Arrays.fill(x, 0f);
        kernel.step(x, s.recurrent().h(), s.recurrent().c(), logits);
    }

    /** Steps the network on a kept input (numeric inputs, then the token id), leaving its output in {@link #logits}. */
    private void stepOn(KeyState s, float[] compact) {
        System.arraycopy(compact, 0, x, 0, numericInputs);
        Arrays.fill(x, numericInputs, x.length, 0f);
        // an id remembered under a larger vocabulary (a rollback) is unknown here: the bucket
        x[numericInputs + vocabulary.idOrBucket((int) compact[numericInputs])] = 1f;
        kernel.step(x, s.recurrent().h(), s.recurrent().c(), logits);
    }

    @Override
    public boolean rewarms(KeyState s) {
        return isStale(s) && spec.model().onSwap() == JobSpec.SwapPolicy.REWARM;
    }

    /**
     * Re-computes the key's hidden state with this model ({@code model.onSwap}): from zero state, replays
     * its kept inputs, oldest first, after the start step when they reach back to the key's first event.
     */
    private void adaptToThisModel(KeyState s) {
        JobSpec.SwapPolicy onSwap = spec.model().onSwap();
        if (onSwap == JobSpec.SwapPolicy.KEEP) {
            return;
        }
        s.recurrent().reset();
        if (onSwap == JobSpec.SwapPolicy.REWARM) {
            int n = (int) Math.min(s.steps(), recentSteps);
            if (n == s.steps()) {
                startStep(s);
            }
            for (int i = 0; i < n; i++) {
                s.recentInputs().recall(s.steps() - n + i + 1, compactInput);
                stepOn(s, compactInput);
            }
        }
    }
}
