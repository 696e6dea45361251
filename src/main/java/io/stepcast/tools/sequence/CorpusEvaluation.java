package io.stepcast.tools.sequence;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Next-token prediction on a real text: an LSTM next to a frequency baseline and n-gram baselines, all
 * scored on the same test tokens by the same {@link NextTokenTally}.
 *
 * <p>What each model sees: the vocabulary is the training part's most frequent tokens, the rest share
 * one bucket, for every model. The LSTM trains on the training lines, then is frozen and served through
 * the kernel over the test lines. The baselines count the training lines without being scored, then
 * score each test token before counting it (online and causal, as {@link NextTokenEvaluation} runs
 * them): they keep learning on the test text, which the LSTM does not.
 */
public final class CorpusEvaluation {
    /** What the baselines see in place of an out-of-vocabulary token: one symbol, as the LSTM's bucket is. */
    private static final String BUCKET = "<unk>";

    /** What to split, how to tokenise, and the models to compare. */
    public record Settings(
            Tokenization tokenization,
            int maxVocabulary,
            int trainLines,
            int testLines,
            int g,
            List<Integer> ngramOrders,
            double addK,
            TokenLstm.Settings lstm) {
        public Settings {
            ngramOrders = List.copyOf(ngramOrders);
        }
    }

    /** One model's scores on the test tokens. */
    public record ModelScores(
            String model,
            long predictions,
            double top1Accuracy,
            double topGAccuracy,
            double perplexity,
            double seconds) {
        /** The scores of a model whose work started at {@code startNanos}, timed until now. */
        static ModelScores timed(
                String model, long startNanos, long predictions, double top1, double topG, double perplexity) {
            return new ModelScores(model, predictions, top1, topG, perplexity, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /**
     * The run's data and results: the vocabulary counts known tokens (the bucket not included), and the
     * out-of-vocabulary share is of the test tokens. The LSTM's seconds are training and serving.
     */
    public record Report(
            Settings settings,
            int trainTokens,
            int testTokens,
            int vocabulary,
            double testOutOfVocabulary,
            String lstmShape,
            List<ModelScores> models) {}

    private CorpusEvaluation() {}

    /** Splits {@code lines}, trains and scores every model; progress goes to {@code progress}. */
    public static Report run(List<String> lines, Settings settings, PrintWriter progress) {
        CorpusSplit split = CorpusSplit.of(lines, settings.trainLines(), settings.testLines(), settings.tokenization());
        Vocabulary vocabulary = Vocabulary.mostFrequent(split.train(), settings.maxVocabulary());
        List<int[]> train = classes(split.train(), vocabulary);
        List<int[]> test = classes(split.test(), vocabulary);
        int testTokens = count(test);
        long outOfVocabulary = test.stream()
                .flatMapToInt(IntStream::of)
                .filter(id -> id == vocabulary.known())
                .count();
        progress.printf(
                "%d training and %d test tokens, vocabulary %d + bucket (%.2f%% of test tokens in the bucket)%n",
                count(train), testTokens, vocabulary.known(), 100.0 * outOfVocabulary / testTokens);
        progress.flush();

        List<ModelScores> models = new ArrayList<>();
        long start = System.nanoTime();
        TokenLstm lstm = TokenLstm.train(train, vocabulary.size(), settings.lstm(), progress);
        NextTokenTally served = lstm.evaluate(test, settings.g());
        models.add(ModelScores.timed(
                "lstm",
                start,
                served.predictions(),
                served.top1Accuracy(),
                served.topGAccuracy(),
                served.perplexity()));

        List<Session> sessions = sessions(split, vocabulary);
        models.add(baseline("frequency", NGramModel.frequency(settings.addK(), vocabulary), sessions, split, settings));
        for (int order : settings.ngramOrders()) {
            NGramModel ngram = new NGramModel(order, settings.addK(), vocabulary);
            models.add(baseline(order + "-gram", ngram, sessions, split, settings));
        }
        return new Report(
                settings,
                count(train),
                testTokens,
                vocabulary.known(),
                (double) outOfVocabulary / testTokens,
                lstm.shape().describe(),
                models);
    }

    private static ModelScores baseline(
            String name, NGramModel model, List<Session> sessions, CorpusSplit split, Settings settings) {
        long start = System.nanoTime();
        NextTokenEvaluation.Report report = NextTokenEvaluation.run(
                model, sessions, settings.g(), split.train().size());
        return ModelScores.timed(
                name, start, report.predictions(), report.top1Accuracy(), report.topGAccuracy(), report.perplexity());
    }

    /** The training lines, then the test lines, with out-of-vocabulary tokens replaced by {@link #BUCKET}. */
    private static List<Session> sessions(CorpusSplit split, Vocabulary vocabulary) {
        List<Session> sessions = new ArrayList<>();
        for (List<List<String>> part : List.of(split.train(), split.test())) {
            for (List<String> line : part) {
                List<String> tokens = line.stream()
                        .map(token -> vocabulary.index(token) < 0 ? BUCKET : token)
                        .toList();
                sessions.add(Session.normal("line " + sessions.size(), tokens));
            }
        }
        return sessions;
    }

    private static List<int[]> classes(List<List<String>> lines, Vocabulary vocabulary) {
        return lines.stream().map(line -> TokenLstm.classes(line, vocabulary)).toList();
    }

    private static int count(List<int[]> sequences) {
        return sequences.stream().mapToInt(s -> s.length).sum();
    }
}
