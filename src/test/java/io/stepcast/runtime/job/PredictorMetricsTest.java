package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.event.Prediction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class PredictorMetricsTest {

    private final Map<String, Counter> counters = new HashMap<>();

    /** Metrics registered as the operator registers them; their {@code stepcast} counters land in {@link #counters}. */
    private PredictorMetrics opened() {
        MetricGroup operator = new UnregisteredMetricsGroup() {
            @Override
            public MetricGroup addGroup(String name) {
                return name.equals("stepcast") ? this : super.addGroup(name);
            }

            @Override
            public Counter counter(String name) {
                SimpleCounter c = new SimpleCounter();
                counters.put(name, c);
                return c;
            }
        };
        return new PredictorMetrics(operator, () -> 1, 0);
    }

    private static Prediction token(boolean outOfVocabulary, boolean unexpected) {
        Prediction p = new Prediction();
        p.token = "t";
        p.observed = new double[0];
        p.outOfVocabulary = outOfVocabulary;
        p.unexpectedToken = unexpected;
        p.tokenRank = unexpected ? 9 : 1;
        p.nextTokens = new String[] {null};
        p.nextProbabilities = new double[] {1};
        return p;
    }

    @Test
    void unknownAndUnexpectedTokensAreCountedApart() {
        PredictorMetrics metrics = opened();
        assertThat(counters).containsKeys("outOfVocabularyTokens", "unexpectedTokens", "predictions");

        metrics.predicted(token(false, false));
        metrics.predicted(token(true, false));
        metrics.predicted(token(true, true));
        metrics.predicted(token(false, true));
        metrics.predicted(token(false, true));
        Prediction numeric = new Prediction();
        numeric.error = new double[] {0.5};
        metrics.predicted(numeric);

        assertThat(counters.get("predictions").getCount()).isEqualTo(6);
        assertThat(counters.get("outOfVocabularyTokens").getCount()).isEqualTo(2);
        assertThat(counters.get("unexpectedTokens").getCount()).isEqualTo(3);
        assertThat(counters.get("anomalies").getCount()).isZero();
    }
}
