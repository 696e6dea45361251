package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NextTokenEvaluationTest {

    static Session session(String key, boolean injected, String... tokens) {
        return injected
                ? new Session(key, List.of(tokens), Injection.UNSEEN_TOKEN, List.of(0))
                : Session.normal(key, List.of(tokens));
    }

    /** A warm-up session, two normal ones, a flagged injected one, a missed injected one, a false alarm. */
    static final List<Session> SESSIONS = List.of(
            session("warm", false, "a", "b"),
            session("s1", false, "a", "b"),
            session("s2", false, "a", "b"),
            session("s3", true, "b", "a"),
            session("s4", true, "a", "b"),
            session("s5", false, "b", "b"));

    @Test
    void aBigramOverHandMadeSessions() {
        NextTokenEvaluation.Report report =
                NextTokenEvaluation.run(new NGramModel(2, 1, Vocabulary.growing()), SESSIONS, 1, 1);
        assertThat(report.predictions()).isEqualTo(10);
        assertThat(report.top1Accuracy()).isEqualTo(0.6);
        assertThat(report.topGAccuracy()).isEqualTo(0.6);
        // worked out by hand: add-1 over V = 3 (a, b and the bucket), backing off to the unigram in s3
        double product = 0.5 * 0.5 * 0.6 * 0.6 * (1.0 / 6) * 0.4 * (4.0 / 7) * (4.0 / 6) * 0.25 * 0.25;
        assertThat(report.perplexity()).isCloseTo(Math.pow(product, -1.0 / 10), within(1e-12));
        assertThat(report.detection()).isEqualTo(new NextTokenEvaluation.Detection(1, 1, 1));
        assertThat(report.detection().precision()).isEqualTo(0.5);
        assertThat(report.detection().recall()).isEqualTo(0.5);
    }

    @Test
    void aTopGCoveringTheVocabularyFlagsNothing() {
        NextTokenEvaluation.Report report =
                NextTokenEvaluation.run(new NGramModel(2, 1, Vocabulary.growing()), SESSIONS, 2, 1);
        assertThat(report.topGAccuracy()).isEqualTo(1.0);
        assertThat(report.detection()).isEqualTo(new NextTokenEvaluation.Detection(0, 0, 2));
        assertThat(report.detection().precision()).isZero();
        assertThat(report.detection().recall()).isZero();
    }

    @Test
    void theBigramFindsInjectedWorkflowSessionsTheFrequencyBaselineCannot() {
        List<Session> sessions = new WorkflowSessions(WorkflowGrammar.shop(), 0.05, 14).generate(2000);
        NextTokenEvaluation.Report frequency =
                NextTokenEvaluation.run(NGramModel.frequency(0.1, Vocabulary.growing()), sessions, 5, 200);
        NextTokenEvaluation.Report bigram =
                NextTokenEvaluation.run(new NGramModel(2, 0.1, Vocabulary.growing()), sessions, 5, 200);
        assertThat(bigram.top1Accuracy()).isGreaterThan(frequency.top1Accuracy());
        assertThat(bigram.perplexity()).isLessThan(frequency.perplexity());
        assertThat(bigram.detection().precision()).isEqualTo(1.0);
        assertThat(frequency.detection().precision()).isLessThan(0.1);
    }
}
