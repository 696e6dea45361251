package io.stepcast.tools.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a line of text becomes a sequence of tokens. Both lower-case the line first (with the root
 * locale, so the result does not depend on the machine): a model then spends no capacity on
 * capitalisation, and the counts the vocabulary is chosen by are not split between "The" and "the".
 */
public enum Tokenization {
    /** Runs of letters and digits, and each other non-space character on its own. */
    WORDS {
        @Override
        List<String> split(String lowerCase) {
            List<String> tokens = new ArrayList<>();
            Matcher matcher = WORD_OR_MARK.matcher(lowerCase);
            while (matcher.find()) {
                tokens.add(matcher.group());
            }
            return tokens;
        }
    },
    /**
     * Characters (code points), with each run of white space as one space and none at either end: how
     * a text is spaced is layout, not language.
     */
    CHARS {
        @Override
        List<String> split(String lowerCase) {
            String spaced = WHITE_SPACE.matcher(lowerCase).replaceAll(" ").strip();
            return spaced.codePoints().mapToObj(Character::toString).toList();
        }
    };

    private static final Pattern WORD_OR_MARK = Pattern.compile("[\\p{L}\\p{N}]+|[^\\p{L}\\p{N}\\s]");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /** The tokens of {@code line}, in order. */
    public List<String> tokens(String line) {
        return split(line.toLowerCase(Locale.ROOT));
    }

    abstract List<String> split(String lowerCase);
}
