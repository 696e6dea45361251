package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusSplitTest {

    static final List<String> LINES = List.of("A b", "b c", "c d", "d e", "E f");

    @Test
    void theFirstLinesTrainAndTheLastLinesTest() {
        CorpusSplit split = CorpusSplit.of(LINES, 2, 2, Tokenization.WORDS);

        assertThat(split.train()).containsExactly(List.of("a", "b"), List.of("b", "c"));
        assertThat(split.test()).containsExactly(List.of("d", "e"), List.of("e", "f"));
    }

    @Test
    void theTwoPartsMayMeetButNotOverlap() {
        assertThat(CorpusSplit.of(LINES, 3, 2, Tokenization.CHARS).test())
                .containsExactly(List.of("d", " ", "e"), List.of("e", " ", "f"));
        assertThatThrownBy(() -> CorpusSplit.of(LINES, 3, 3, Tokenization.WORDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 lines");
        assertThatThrownBy(() -> CorpusSplit.of(LINES, 0, 1, Tokenization.WORDS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVocabularyIsTheMostFrequentTokensWithTiesInTokenOrder() {
        List<List<String>> train =
                CorpusSplit.of(LINES, 3, 1, Tokenization.WORDS).train();

        Vocabulary vocabulary = Vocabulary.mostFrequent(train, 3);

        // b and c twice each, then a and d once each: the tie between them goes to a
        assertThat(List.of(vocabulary.token(0), vocabulary.token(1), vocabulary.token(2)))
                .containsExactly("b", "c", "a");
        assertThat(vocabulary.known()).isEqualTo(3);
        assertThat(vocabulary.index("d")).isEqualTo(-1);
        assertThat(TokenLstm.classes(List.of("a", "d", "b"), vocabulary)).containsExactly(2, 3, 0);
    }
}
