package io.stepcast.runtime.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.anomaly.AnomalyLikelihood;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenScores;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.KeyStateSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TokenPredictorTest {
    private static final JobSpec SPEC = TestSpecs.parse("""
            name: sessions
            fields: {features: []}
            tokens: {field: event, topK: 3, topG: 2}
            model: {hidden: 6, rewarmSteps: 8}
            anomaly: {warmup: 2}
            """);
    private static final TokenVocabulary SMALL = TokenVocabulary.of(List.of("login", "view", "buy", "logout"));
    /** SMALL grown by the trainer: the same ids for its tokens, two more appended. */
    private static final TokenVocabulary GROWN = SMALL.grownBy(List.of("search", "view", "refund"), 100);
    /** Tokens the events draw from: SMALL's, GROWN's additions, and two neither knows. */
    private static final List<String> TOKENS =
            List.of("login", "view", "buy", "logout", "search", "refund", "crash", "admin");

    private static ModelWeights weights(JobSpec spec, TokenVocabulary vocabulary, long seed) {
        return RandomWeights.of(ModelShape.ofTokens(spec, vocabulary.size()), seed);
    }

    private static TokenPredictor predictor(JobSpec spec, TokenVocabulary vocabulary, long seed, long version) {
        return new TokenPredictor(spec, RecurrentKernel.of(weights(spec, vocabulary, seed)), vocabulary, version);
    }

    private static List<Event> events(String key, long seed, int n, List<String> tokens) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String token = tokens.get(random.nextInt(tokens.size()));
            events.add(Event.ofToken(key, 1_767_600_000_000L + 60_000L * i, token));
        }
        return events;
    }

    private static List<Prediction> run(Predictor predictor, KeyState s, List<Event> events) {
        List<Prediction> out = new ArrayList<>();
        for (Event e : events) {
            out.add(predictor.step(s, e));
        }
        return out;
    }

    /** Ids by probability, most probable first, ties to the lower id: sorted, not {@link TokenScores#topK}. */
    private static int[] byProbability(float[] probabilities) {
        return IntStream.range(0, probabilities.length)
                .boxed()
                .sorted(Comparator.<Integer, Float>comparing(i -> probabilities[i])
                        .reversed()
                        .thenComparing(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static float[] softmax(float[] logits) {
        float[] p = new float[logits.length];
        TokenScores.softmax(logits, p);
        return p;
    }

    /** The kernel driven by hand: the start step on zero input, then each token one-hot after the numeric inputs. */
    private static final class Reference {
        final RecurrentKernel kernel;
        final TokenVocabulary vocabulary;
        final int numeric;
        final float[] h;
        final float[] c;
        final float[] y;

        Reference(JobSpec spec, ModelWeights weights, TokenVocabulary vocabulary) {
            this.kernel = RecurrentKernel.of(weights);
            this.vocabulary = vocabulary;
            this.numeric = spec.modelInputs();
            ModelShape shape = weights.shape();
            h = new float[shape.stateSize()];
            c = new float[shape.cellStateSize()];
            y = new float[shape.outputs()];
        }

        void start() {
            kernel.step(new float[kernel.shape().inputs()], h, c, y);
        }

        void step(float[] numericInputs, int id) {
            float[] x = new float[kernel.shape().inputs()];
            System.arraycopy(numericInputs, 0, x, 0, numeric);
            x[numeric + id] = 1f;
            kernel.step(x, h, c, y);
        }
    }

    /** Every prediction against the kernel driven by hand; {@code encoder} makes the numeric inputs. */
    private static void assertEqualsRecomputation(
            JobSpec spec, TokenVocabulary vocabulary, long seed, List<Event> events) {
        ModelWeights weights = weights(spec, vocabulary, seed);
        TokenPredictor predictor = new TokenPredictor(spec, RecurrentKernel.of(weights), vocabulary, 5);
        KeyState s = predictor.newState();
        Reference ref = new Reference(spec, weights, vocabulary);
        FeatureEncoder encoder = new FeatureEncoder(spec);
        KeyState encoding = KeyState.forEncoding(spec.fields().features().size(), 1, 0);
        KeyState scoring = predictor.newState();
        float[] numeric = new float[spec.modelInputs()];
        int topK = spec.tokens().topK();
        int topG = spec.tokens().topG();
        double minProbability = spec.tokens().minProbability();
        int outOfVocabulary = 0;
        int unexpected = 0;
        int expected = 0;
        int anomalous = 0;
        ref.start();
        for (Event e : events) {
            Prediction p = predictor.step(s, e);
            String at = "step " + p.step + ", token " + e.token;

            float[] before = softmax(ref.y);
            int id = vocabulary.id(e.token);
            int rank = 1 + indexOf(byProbability(before), id);
            assertThat(p.token).as(at).isEqualTo(e.token);
            assertThat(p.outOfVocabulary).as(at).isEqualTo(!vocabulary.tokens().contains(e.token));
            assertThat(p.tokenProbability).as(at).isEqualTo((double) before[id]);
            assertThat(p.tokenRank).as(at).isEqualTo(rank);
            assertThat(p.unexpectedToken).as(at).isEqualTo(rank > topG || before[id] < minProbability);
            double surprise = -Math.log(Math.max(before[id], Float.MIN_NORMAL));
            double score = AnomalyLikelihood.scoreAndLearn(
                    scoring.errors(), new double[] {surprise}, e.values, 0, spec.anomaly());
            assertThat(p.anomalyScore).as(at).isEqualTo(score);
            assertThat(p.anomaly).as(at).isEqualTo(score >= spec.anomaly().threshold());

            float[] x = new float[spec.modelInputs() + vocabulary.size()];
            encoder.encode(encoding, e.ts, e.values, x);
            System.arraycopy(x, 0, numeric, 0, numeric.length);
            ref.step(numeric, id);
            float[] after = softmax(ref.y);
            int[] order = byProbability(after);
            String[] nextTokens = new String[topK];
            double[] nextProbabilities = new double[topK];
            for (int i = 0; i < topK; i++) {
                nextTokens[i] = vocabulary.token(order[i]);
                nextProbabilities[i] = after[order[i]];
            }
            assertThat(p.nextTokens).as(at).containsExactly(nextTokens);
            assertThat(p.nextProbabilities).as(at).containsExactly(nextProbabilities);
            assertThat(s.recurrent().h()).as(at).containsExactly(ref.h);
            assertThat(s.recurrent().c()).as(at).containsExactly(ref.c);
            assertThat(p.predicted).isNull();
            assertThat(p.error).isNull();
            assertThat(p.next).isNull();
            assertThat(p.modelVersion).isEqualTo(5);
            outOfVocabulary += p.outOfVocabulary ? 1 : 0;
            unexpected += p.unexpectedToken ? 1 : 0;
            expected += p.unexpectedToken ? 0 : 1;
            anomalous += p.anomalyScore > 0 ? 1 : 0;
        }
        // the cases above all occurred
        assertThat(outOfVocabulary).isPositive();
        assertThat(unexpected).isPositive();
        assertThat(expected).isPositive();
        assertThat(anomalous).isPositive();
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        throw new AssertionError(id + " not ranked");
    }

    @Test
    void everyPredictionIsTheKernelsReadOutAfterAStartStep() {
        List<Event> events = events("k", 1, 80, TOKENS);
        assertEqualsRecomputation(SPEC, SMALL, 11, events);
        assertEqualsRecomputation(SPEC, GROWN, 12, events);
        assertEqualsRecomputation(SPEC.with(JobSpec.Model.CELL, io.stepcast.runtime.spec.Cell.RNN), SMALL, 13, events);
    }

    @Test
    void numericInputsRideAlongBeforeTheOneHotToken() {
        JobSpec spec = TestSpecs.parse("""
                name: sessions
                fields: {features: [latency, bytes]}
                tokens: {field: event, topK: 4, topG: 1}
                time: {features: [hour-of-day]}
                normalisation: {mode: none}
                model: {hidden: 5, layers: 2}
                anomaly: {warmup: 2}
                """);
        assertThat(ModelShape.ofTokens(spec, SMALL.size()).inputs()).isEqualTo(2 + 2 + 5);
        SplittableRandom random = new SplittableRandom(4);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(Event.ofToken(
                    "k",
                    1_767_600_000_000L + 1_200_000L * i,
                    TOKENS.get(random.nextInt(TOKENS.size())),
                    random.nextDouble(0, 2),
                    random.nextDouble(-1, 1)));
        }
        assertEqualsRecomputation(spec, SMALL, 21, events);
    }

    @Test
    void theFirstTokenIsScoredAgainstTheStartStepsDistribution() {
        ModelWeights weights = weights(SPEC, SMALL, 3);
        TokenPredictor predictor = new TokenPredictor(SPEC, RecurrentKernel.of(weights), SMALL, 1);
        float[] start = new float[SMALL.size()];
        RecurrentKernel.of(weights)
                .step(new float[SMALL.size()], new float[6], new float[6], start); // from zero state, on zero input
        float[] p = softmax(start);
        for (String token : SMALL.tokens()) {
            Prediction first = predictor.step(predictor.newState(), Event.ofToken("k", 0, token));
            assertThat(first.step).isEqualTo(1);
            assertThat(first.tokenProbability).isEqualTo((double) p[SMALL.id(token)]);
        }
        // not the zero state's own read-out, which would score every first token by the output bias alone
        float[] zeroState = new float[SMALL.size()];
        RecurrentKernel.of(weights).readOut(new float[6], zeroState);
        assertThat(softmax(zeroState)).isNotEqualTo(p);
    }

    @Test
    void unknownTokensAreScoredAsTheBucket() {
        TokenPredictor predictor = predictor(SPEC, SMALL, 5, 1);
        KeyState s = predictor.newState();
        KeyState t = predictor.newState();
        predictor.step(s, Event.ofToken("k", 0, "login"));
        predictor.step(t, Event.ofToken("k", 0, "login"));
        Prediction crash = predictor.step(s, Event.ofToken("k", 1, "crash"));
        Prediction admin = predictor.step(t, Event.ofToken("k", 1, "admin"));

        assertThat(crash.outOfVocabulary).isTrue();
        assertThat(crash.token).isEqualTo("crash");
        // two unknown tokens are one input and one output: the same score, the same next state
        assertThat(admin.tokenProbability).isEqualTo(crash.tokenProbability);
        assertThat(admin.tokenRank).isEqualTo(crash.tokenRank);
        assertThat(admin.nextProbabilities).containsExactly(crash.nextProbabilities);
        assertThat(t.recurrent().h()).containsExactly(s.recurrent().h());
        // the bucket is a token of its own, listed as null among the next tokens
        Prediction known = predictor.step(predictor.newState(), Event.ofToken("k", 0, "view"));
        assertThat(known.outOfVocabulary).isFalse();
        assertThat(known.nextTokens).hasSize(3);
        List<String> listed = new ArrayList<>();
        for (Event e : events("k", 8, 100, TOKENS)) {
            listed.addAll(java.util.Arrays.asList(predictor.step(s, e).nextTokens));
        }
        assertThat(listed).containsNull();
    }

    @Test
    void aTokenIsUnexpectedExactlyWhenItsRankExceedsTopG() {
        for (int topG : new int[] {1, 2, 5}) {
            JobSpec spec = SPEC.with(JobSpec.Tokens.TOP_G, topG);
            TokenPredictor predictor = predictor(spec, SMALL, 6, 1);
            List<Prediction> out = run(predictor, predictor.newState(), events("k", 6, 100, TOKENS));
            for (Prediction p : out) {
                assertThat(p.tokenRank).isBetween(1, SMALL.size());
                assertThat(p.unexpectedToken)
                        .as("rank %d, g %d", p.tokenRank, topG)
                        .isEqualTo(p.tokenRank > topG);
            }
            if (topG == 5) {
                assertThat(out).noneMatch(p -> p.unexpectedToken); // V = 5: no token ranks beyond 5
            } else {
                assertThat(out).anyMatch(p -> p.unexpectedToken).anyMatch(p -> !p.unexpectedToken);
            }
        }
    }

    @Test
    void aTokenLessProbableThanMinProbabilityIsUnexpectedWhateverItsRank() {
        List<Event> events = events("k", 6, 100, TOKENS);
        TokenPredictor byRank = predictor(SPEC.with(JobSpec.Tokens.TOP_G, 5), SMALL, 6, 1);
        List<Prediction> ranked = run(byRank, byRank.newState(), events);
        assertThat(ranked).noneMatch(p -> p.unexpectedToken);
        double floor = ranked.stream()
                .mapToDouble(p -> p.tokenProbability)
                .sorted()
                .skip(ranked.size() / 3)
                .findFirst()
                .orElseThrow();
        JobSpec spec = SPEC.with(JobSpec.Tokens.TOP_G, 5).with(JobSpec.Tokens.MIN_PROBABILITY, floor);
        TokenPredictor predictor = predictor(spec, SMALL, 6, 1);
        List<Prediction> out = run(predictor, predictor.newState(), events);
        for (int i = 0; i < out.size(); i++) {
            Prediction p = out.get(i);
            assertThat(p.tokenProbability).isEqualTo(ranked.get(i).tokenProbability);
            assertThat(p.unexpectedToken)
                    .as("p %s, floor %s", p.tokenProbability, floor)
                    .isEqualTo(p.tokenProbability < floor);
        }
        assertThat(out).anyMatch(p -> p.unexpectedToken).anyMatch(p -> !p.unexpectedToken);
        // both tests at once: either flags
        JobSpec both = SPEC.with(JobSpec.Tokens.MIN_PROBABILITY, floor);
        assertEqualsRecomputation(both, SMALL, 6, events);
    }

    @Test
    void sameInputsGiveBitIdenticalPredictionsAndKeysDoNotShareState() {
        List<Event> a = events("a", 7, 60, TOKENS);
        List<Event> b = events("b", 8, 60, TOKENS);
        TokenPredictor one = predictor(SPEC, GROWN, 9, 1);
        List<Prediction> alone = run(one, one.newState(), a);
        assertThat(run(predictor(SPEC, GROWN, 9, 1), one.newState(), a)).isEqualTo(alone);

        // two keys interleaved on one predictor: each as if alone
        TokenPredictor shared = predictor(SPEC, GROWN, 9, 1);
        KeyState sa = shared.newState();
        KeyState sb = shared.newState();
        List<Prediction> outA = new ArrayList<>();
        List<Prediction> outB = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            outA.add(shared.step(sa, a.get(i)));
            outB.add(shared.step(sb, b.get(i)));
        }
        assertThat(outA).isEqualTo(alone);
        assertThat(outB).isEqualTo(run(one, one.newState(), b));
    }

    @Test
    void aModelWithAGrownVocabularyReWarmsAShortHistoryFromTheStartStep() {
        List<Event> history = events("k", 10, 6, SMALL.tokens()); // within rewarmSteps (8)
        Event next = Event.ofToken("k", history.get(5).ts + 60_000, "view");
        TokenPredictor old = predictor(SPEC, SMALL, 1, 1);
        TokenPredictor grown = predictor(SPEC, GROWN, 2, 2);

        KeyState stale = old.newState();
        run(old, stale, history);
        assertThat(grown.isStale(stale)).isTrue();
        Prediction swapped = grown.step(stale, next);

        // a fresh key through the same events with the new model: the start step, then each token
        KeyState fresh = grown.newState();
        run(grown, fresh, history);
        Prediction reference = grown.step(fresh, next);

        assertThat(stale.recurrent().h()).containsExactly(fresh.recurrent().h());
        assertThat(stale.recurrent().c()).containsExactly(fresh.recurrent().c());
        assertThat(stale.recurrent().modelVersion()).isEqualTo(2);
        assertThat(swapped.tokenProbability).isEqualTo(reference.tokenProbability);
        assertThat(swapped.tokenRank).isEqualTo(reference.tokenRank);
        assertThat(swapped.nextTokens).containsExactly(reference.nextTokens);
        assertThat(swapped.nextProbabilities).containsExactly(reference.nextProbabilities);
        assertThat(swapped.modelVersion).isEqualTo(2);
        assertThat(swapped.step).isEqualTo(7);
    }

    @Test
    void aLongHistoryReWarmsFromZeroStateOnItsLastRewarmStepsTokenIds() {
        // 20 events, 8 kept; "search" and "refund" arrive under SMALL, which keeps them as the bucket's id
        List<Event> history = events("k", 11, 20, TOKENS);
        TokenPredictor old = predictor(SPEC, SMALL, 1, 1);
        ModelWeights grownWeights = weights(SPEC, GROWN, 2);
        TokenPredictor grown = new TokenPredictor(SPEC, RecurrentKernel.of(grownWeights), GROWN, 2);
        KeyState stale = old.newState();
        run(old, stale, history);

        Reference ref = new Reference(SPEC, grownWeights, GROWN);
        for (Event e : history.subList(12, 20)) {
            ref.step(new float[0], SMALL.id(e.token)); // no start step: the kept inputs do not reach back to it
        }
        float[] expected = softmax(ref.y);
        Event next = Event.ofToken("k", history.get(19).ts + 60_000, "search");
        Prediction p = grown.step(stale, next);

        assertThat(history.subList(12, 20))
                .extracting(e -> e.token)
                .as("the replayed window holds a token only the new vocabulary knows")
                .containsAnyOf("search", "refund");
        assertThat(p.tokenProbability).isEqualTo((double) expected[GROWN.id("search")]);
        assertThat(p.outOfVocabulary).isFalse();
        ref.step(new float[0], GROWN.id("search"));
        assertThat(stale.recurrent().h()).containsExactly(ref.h);
        assertThat(stale.recurrent().c()).containsExactly(ref.c);
    }

    @Test
    void aRollbackToASmallerVocabularyReplaysIdsItDoesNotKnowAsTheBucket() {
        List<Event> history = new ArrayList<>();
        List<String> tokens = List.of("login", "search", "view", "refund", "buy");
        for (int i = 0; i < tokens.size(); i++) {
            history.add(Event.ofToken("k", 60_000L * i, tokens.get(i)));
        }
        TokenPredictor grown = predictor(SPEC, GROWN, 2, 2);
        ModelWeights smallWeights = weights(SPEC, SMALL, 1);
        TokenPredictor rolledBack = new TokenPredictor(SPEC, RecurrentKernel.of(smallWeights), SMALL, 3);
        KeyState stale = grown.newState();
        run(grown, stale, history);
        Prediction p = rolledBack.step(stale, Event.ofToken("k", 300_000, "logout"));

        Reference ref = new Reference(SPEC, smallWeights, SMALL);
        ref.start();
        for (String token : tokens) {
            // GROWN's ids 5 and 6 (search, refund) are beyond SMALL's: the bucket
            ref.step(new float[0], SMALL.idOrBucket(GROWN.id(token)));
        }
        assertThat(p.tokenProbability).isEqualTo((double) softmax(ref.y)[SMALL.id("logout")]);
        ref.step(new float[0], SMALL.id("logout"));
        assertThat(stale.recurrent().h()).containsExactly(ref.h);
        assertThat(stale.recurrent().c()).containsExactly(ref.c);
        // the same as a fresh key of the rolled-back model, to which search and refund are unknown
        KeyState fresh = rolledBack.newState();
        run(rolledBack, fresh, history);
        rolledBack.step(fresh, Event.ofToken("k", 300_000, "logout"));
        assertThat(stale.recurrent().h()).containsExactly(fresh.recurrent().h());
    }

    @Test
    void keepAndResetDoNotReplay() {
        List<Event> history = events("k", 12, 5, SMALL.tokens());
        Event next = Event.ofToken("k", history.get(4).ts + 60_000, "buy");
        for (JobSpec.SwapPolicy policy : JobSpec.SwapPolicy.values()) {
            if (policy == JobSpec.SwapPolicy.REWARM) {
                continue;
            }
            JobSpec spec = SPEC.with(JobSpec.Model.ON_SWAP, policy);
            TokenPredictor old = predictor(spec, SMALL, 1, 1);
            ModelWeights grownWeights = weights(spec, GROWN, 2);
            TokenPredictor grown = new TokenPredictor(spec, RecurrentKernel.of(grownWeights), GROWN, 2);
            KeyState s = old.newState();
            run(old, s, history);
            float[] h = s.recurrent().h().clone();
            float[] c = s.recurrent().c().clone();
            if (policy == JobSpec.SwapPolicy.RESET) {
                java.util.Arrays.fill(h, 0f);
                java.util.Arrays.fill(c, 0f);
            }
            Reference ref = new Reference(spec, grownWeights, GROWN);
            System.arraycopy(h, 0, ref.h, 0, h.length);
            System.arraycopy(c, 0, ref.c, 0, c.length);
            ref.kernel.readOut(ref.h, ref.y);
            Prediction p = grown.step(s, next);
            assertThat(p.tokenProbability).as("%s", policy).isEqualTo((double) softmax(ref.y)[GROWN.id("buy")]);
            ref.step(new float[0], GROWN.id("buy"));
            assertThat(s.recurrent().h()).as("%s", policy).containsExactly(ref.h);
        }
    }

    @Test
    void aKeysStateDoesNotGrowWithTheVocabulary() throws IOException {
        List<String> many = new ArrayList<>(SMALL.tokens());
        for (int i = 0; many.size() < 500; i++) {
            many.add("t" + i);
        }
        TokenVocabulary large = TokenVocabulary.of(many);
        TokenPredictor small = predictor(SPEC, SMALL, 1, 1);
        TokenPredictor big = predictor(SPEC, large, 2, 1);
        KeyState s = small.newState();
        KeyState b = big.newState();
        assertThat(serialize(b)).hasSameSizeAs(serialize(s));
        List<Event> events = events("k", 3, 40, TOKENS);
        run(small, s, events);
        run(big, b, events);
        assertThat(b.recurrent().h()).hasSize(6).hasSameSizeAs(s.recurrent().h());
        assertThat(b.recurrent().c()).hasSize(6);
        assertThat(serialize(b)).hasSameSizeAs(serialize(s));
    }

    @Test
    void aKeysStateSurvivesACheckpointMidSequence() throws IOException {
        List<Event> events = events("k", 13, 40, TOKENS);
        TokenPredictor predictor = predictor(SPEC, GROWN, 4, 1);
        List<Prediction> uninterrupted = run(predictor, predictor.newState(), events);

        KeyState s = predictor.newState();
        List<Prediction> out = new ArrayList<>(run(predictor, s, events.subList(0, 17)));
        KeyState restored = KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(serialize(s)));
        out.addAll(run(predictor, restored, events.subList(17, 40)));
        assertThat(out).isEqualTo(uninterrupted);
    }

    @Test
    void aModelOfAnotherShapeIsRefused() {
        ModelWeights forSmall = weights(SPEC, SMALL, 1);
        assertThatThrownBy(() -> new TokenPredictor(SPEC, RecurrentKernel.of(forSmall), GROWN, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model lstm 5x6x1->5 does not fit job 'sessions' over 7 token ids, which needs "
                        + "lstm 7x6x1->7");
        ModelWeights numeric = RandomWeights.of(new ModelShape(io.stepcast.runtime.spec.Cell.LSTM, 1, 6, 1, 1), 1);
        assertThatThrownBy(() -> new TokenPredictor(SPEC, RecurrentKernel.of(numeric), SMALL, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] serialize(KeyState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        KeyStateSerializer.INSTANCE.serialize(s, out);
        return out.getCopyOfBuffer();
    }
}
