package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenizationTest {

    @Test
    void wordsAreLowerCasedRunsOfLettersAndDigitsWithEachMarkOnItsOwn() {
        assertThat(Tokenization.WORDS.tokens("Herr Präsident! Die Richtlinie 2006/54, l’égalité…"))
                .containsExactly(
                        "herr",
                        "präsident",
                        "!",
                        "die",
                        "richtlinie",
                        "2006",
                        "/",
                        "54",
                        ",",
                        "l",
                        "’",
                        "égalité",
                        "…");
    }

    @Test
    void charsAreLowerCasedCodePointsWithWhiteSpaceCollapsedAndTrimmed() {
        assertThat(Tokenization.CHARS.tokens("  Ώρα\t των  A𝔸 "))
                .containsExactly("ώ", "ρ", "α", " ", "τ", "ω", "ν", " ", "a", "𝔸");
    }

    @Test
    void aBlankLineHasNoTokens() {
        assertThat(Tokenization.WORDS.tokens(" \t ")).isEmpty();
        assertThat(Tokenization.CHARS.tokens(" \t ")).isEmpty();
    }
}
