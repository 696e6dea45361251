package io.stepcast.tools.sequence;

import java.util.List;

/**
 * A corpus split by line order into a training part, its first lines, and a test part, its last
 * lines: the test text comes from later in the corpus than anything trained on, as a model deployed
 * on a stream only ever predicts what comes after its training data. Each line is one sequence.
 */
public record CorpusSplit(List<List<String>> train, List<List<String>> test) {
    public CorpusSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * The first {@code trainLines} lines for training and the last {@code testLines} for testing,
     * tokenised.
     *
     * @throws IllegalArgumentException if either count is below 1 or the two would overlap
     */
    public static CorpusSplit of(List<String> lines, int trainLines, int testLines, Tokenization tokenization) {
        if (trainLines < 1 || testLines < 1 || trainLines + testLines > lines.size()) {
            throw new IllegalArgumentException("need at least 1 training and 1 test line and no more than the corpus's "
                    + lines.size() + " lines in all, asked for " + trainLines + " and " + testLines);
        }
        return new CorpusSplit(
                tokenise(lines.subList(0, trainLines), tokenization),
                tokenise(lines.subList(lines.size() - testLines, lines.size()), tokenization));
    }

    private static List<List<String>> tokenise(List<String> lines, Tokenization tokenization) {
        return lines.stream().map(tokenization::tokens).toList();
    }
}
