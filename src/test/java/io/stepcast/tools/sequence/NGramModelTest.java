package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NGramModelTest {

    /** Each token's prediction, scored online over one sequence. */
    static List<NextTokenPrediction> run(NGramModel model, String sequence, int g) {
        List<String> history = new ArrayList<>();
        List<NextTokenPrediction> predictions = new ArrayList<>();
        for (String token : sequence.split("")) {
            predictions.add(model.next(history, token, g));
            history.add(token);
        }
        return predictions;
    }

    @Test
    void theBigramHitsEveryTokenOfAbabAfterWarmUp() {
        List<NextTokenPrediction> predictions = run(new NGramModel(2, 0.5, Vocabulary.growing()), "abababababab", 1);
        assertThat(predictions.subList(0, 2)).noneMatch(p -> p.hit(1));
        assertThat(predictions.subList(2, predictions.size())).allMatch(p -> p.hit(1));
        // the last b after a: context a has seen b five times; V = a, b and the bucket
        assertThat(predictions.get(11).probability()).isCloseTo((5 + 0.5) / (5 + 0.5 * 3), within(1e-15));
    }

    @Test
    void theFrequencyBaselineOnAabHasPerplexityTheCubeRootOfSix() {
        Perplexity perplexity = new Perplexity();
        // p(a) = 1 (only the bucket is known), p(a) = 2/3, p(b) = 1/4 (b unknown, in the bucket)
        run(NGramModel.frequency(1, Vocabulary.growing()), "aab", 1).forEach(p -> perplexity.add(p.probability()));
        assertThat(perplexity.value()).isCloseTo(Math.cbrt(6), within(1e-12));
    }

    @Test
    void aUniformModelHasPerplexityV() {
        Vocabulary fixed = Vocabulary.fixed(List.of("a", "b", "c", "d"));
        NextTokenPrediction first = new NGramModel(3, 1, fixed).predict(List.of(), "c", 2);
        assertThat(fixed.size()).isEqualTo(5);
        assertThat(first.probability()).isEqualTo(0.2);
        Perplexity perplexity = new Perplexity();
        for (int i = 0; i < 1000; i++) {
            perplexity.add(1.0 / 5);
        }
        assertThat(perplexity.value()).isCloseTo(5, within(1e-12));
        assertThat(new Perplexity().value()).isNaN();
    }

    @Test
    void anUnseenContextBacksOffToTheUnigram() {
        NGramModel model = new NGramModel(2, 1, Vocabulary.growing());
        run(model, "aab", 1);
        // context b never seen: unigram a 2, b 1, V 3
        NextTokenPrediction after = model.predict(List.of("b"), "a", 1);
        assertThat(after.probability()).isEqualTo(0.5);
        assertThat(after.top()).containsExactly("a");
    }

    @Test
    void tiesInAContextAreBrokenByTheShorterContext() {
        NGramModel model = new NGramModel(2, 1, Vocabulary.growing());
        run(model, "abaccc", 1);
        // after a: b once, c once; c is the more frequent overall, though b arrived first
        NextTokenPrediction after = model.predict(List.of("a"), "b", 3);
        assertThat(after.top()).containsExactly("c", "b", "a");
        assertThat(after.rank()).isEqualTo(2);
        assertThat(after.hit(1)).isFalse();
        assertThat(after.hit(2)).isTrue();
    }

    @Test
    void anUnknownTokenIsNeverAHitAndGetsTheBucketsProbability() {
        NGramModel model = NGramModel.frequency(0.5, Vocabulary.growing());
        run(model, "abab", 2);
        NextTokenPrediction unknown = model.predict(List.of(), "z", 5);
        assertThat(unknown.rank()).isZero();
        assertThat(unknown.flagged(5)).isTrue();
        assertThat(unknown.top()).containsExactly("a", "b");
        assertThat(unknown.probability()).isEqualTo(0.5 / (4 + 0.5 * 3));
    }

    @Test
    void aFixedVocabularyNeverLearnsATokenOutsideIt() {
        Vocabulary fixed = Vocabulary.fixed(List.of("a", "b"));
        NGramModel model = NGramModel.frequency(1, fixed);
        run(model, "azzz", 1);
        assertThat(fixed.known()).isEqualTo(2);
        assertThat(fixed.index("z")).isEqualTo(-1);
        // only the a was counted: z stays at the bucket's 1 / (1 + 3)
        assertThat(model.predict(List.of(), "z", 1).probability()).isEqualTo(0.25);
    }

    @Test
    void predictingLearnsNothing() {
        NGramModel model = new NGramModel(3, 1, Vocabulary.growing());
        run(model, "abcab", 1);
        NextTokenPrediction before = model.predict(List.of("a"), "b", 2);
        assertThat(model.predict(List.of("a"), "b", 2)).isEqualTo(before);
        assertThat(model.next(List.of("a"), "b", 2)).isEqualTo(before);
        assertThat(model.predict(List.of("a"), "b", 2)).isNotEqualTo(before);
    }
}
