package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenVocabularyTest {
    private static final TokenVocabulary ABC = TokenVocabulary.of(List.of("a", "b", "c"));

    @Test
    void knownTokensTakeIdsFromOneInListOrderAndTheBucketIsZero() {
        assertThat(ABC.size()).isEqualTo(4);
        assertThat(ABC.tokens()).containsExactly("a", "b", "c");
        assertThat(ABC.id("a")).isEqualTo(1);
        assertThat(ABC.id("b")).isEqualTo(2);
        assertThat(ABC.id("c")).isEqualTo(3);
        assertThat(ABC.id("d")).isEqualTo(TokenVocabulary.OUT_OF_VOCABULARY).isZero();
        assertThat(ABC.id("A")).isZero();
        assertThat(ABC.token(0)).isNull();
        assertThat(ABC.token(1)).isEqualTo("a");
        assertThat(ABC.token(3)).isEqualTo("c");
        for (int id = 1; id < ABC.size(); id++) {
            assertThat(ABC.id(ABC.token(id))).isEqualTo(id);
        }
    }

    @Test
    void anEmptyVocabularyHasOnlyTheBucket() {
        TokenVocabulary none = TokenVocabulary.of(List.of());
        assertThat(none.size()).isEqualTo(1);
        assertThat(none.id("a")).isZero();
        assertThat(none.idOrBucket(1)).isZero();
        assertThat(none.token(0)).isNull();
    }

    @Test
    void idOrBucketKeepsTheIdsItKnowsAndBucketsTheRest() {
        assertThat(ABC.idOrBucket(0)).isZero();
        assertThat(ABC.idOrBucket(1)).isEqualTo(1);
        assertThat(ABC.idOrBucket(3)).isEqualTo(3);
        // ids of a larger vocabulary (remembered before a rollback), and nonsense
        assertThat(ABC.idOrBucket(4)).isZero();
        assertThat(ABC.idOrBucket(1000)).isZero();
        assertThat(ABC.idOrBucket(-1)).isZero();
    }

    @Test
    void vocabulariesAreCompatibleWhenOneIsAPrefixOfTheOther() {
        TokenVocabulary grown = TokenVocabulary.of(List.of("a", "b", "c", "d", "e"));
        TokenVocabulary prefix = TokenVocabulary.of(List.of("a", "b"));
        TokenVocabulary reordered = TokenVocabulary.of(List.of("b", "a", "c"));
        TokenVocabulary replaced = TokenVocabulary.of(List.of("a", "b", "x", "d"));

        assertThat(grown.extendsVocabulary(ABC)).isTrue();
        assertThat(ABC.extendsVocabulary(grown)).isFalse();
        assertThat(ABC.extendsVocabulary(ABC)).isTrue();
        assertThat(ABC.extendsVocabulary(TokenVocabulary.of(List.of()))).isTrue();
        assertThat(grown.compatibleWith(ABC)).isTrue();
        assertThat(ABC.compatibleWith(grown)).isTrue();
        assertThat(ABC.compatibleWith(prefix)).isTrue();
        assertThat(prefix.compatibleWith(ABC)).isTrue();
        assertThat(ABC.compatibleWith(ABC)).isTrue();
        // the same tokens at other ids, or another token at a known id: remembered ids would change meaning
        assertThat(reordered.compatibleWith(ABC)).isFalse();
        assertThat(ABC.compatibleWith(reordered)).isFalse();
        assertThat(replaced.compatibleWith(ABC)).isFalse();
        assertThat(ABC.compatibleWith(replaced)).isFalse();
        assertThat(grown.extendsVocabulary(replaced)).isFalse();
    }

    @Test
    void growingAppendsNewCandidatesInTheirOrderUpToTheCap() {
        TokenVocabulary grown = ABC.grownBy(List.of("e", "b", "d", "e", "f", "g"), 6);
        assertThat(grown.tokens()).containsExactly("a", "b", "c", "e", "d", "f");
        assertThat(grown.extendsVocabulary(ABC)).isTrue();
        assertThat(grown.id("e")).isEqualTo(4);

        assertThat(ABC.grownBy(List.of("x", "y"), 10).tokens()).containsExactly("a", "b", "c", "x", "y");
        assertThat(ABC.grownBy(List.of("a", "c"), 10)).isEqualTo(ABC);
        // at or over the cap already: nothing is added, nothing is taken away
        assertThat(ABC.grownBy(List.of("x"), 3)).isEqualTo(ABC);
        assertThat(ABC.grownBy(List.of("x"), 2)).isEqualTo(ABC);
        assertThat(TokenVocabulary.of(List.of())
                        .grownBy(List.of("b", "a", "b"), 5)
                        .tokens())
                .containsExactly("b", "a");
    }

    @Test
    void equalityIsByTokensInOrder() {
        assertThat(TokenVocabulary.of(List.of("a", "b", "c"))).isEqualTo(ABC).hasSameHashCodeAs(ABC);
        assertThat(TokenVocabulary.of(List.of("a", "c", "b"))).isNotEqualTo(ABC);
        assertThat(ABC).hasToString("TokenVocabulary[a, b, c]");
    }

    @Test
    void duplicateOrEmptyTokensAreRefused() {
        assertThatThrownBy(() -> TokenVocabulary.of(List.of("a", "b", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the vocabulary lists 'a' twice");
        assertThatThrownBy(() -> TokenVocabulary.of(List.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a vocabulary token must not be empty");
        assertThatThrownBy(() -> ABC.grownBy(List.of(""), 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
