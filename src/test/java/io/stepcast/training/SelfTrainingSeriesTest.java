package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfTrainingSeriesTest {
    private static final JobSpec SPEC = TestSpecs.parse("""
            name: tiny
            model: {hidden: 4, rewarmSteps: 8}
            anomaly: {warmup: 5, rangeCheck: true}
            training: {epochs: 1, sequenceLength: 20, tbptt: 10, batchSize: 4, validationFraction: 0,
                       everyEvents: 100, windowEvents: 150}
            """);

    private static List<Event> series(int n, double bump) {
        List<Event> events = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            double v = Math.sin(t / 5.0) + (t >= 130 ? bump : 0);
            events.add(new Event("s", 1_000_000L + t * 60_000L, v));
        }
        return events;
    }

    private static List<Prediction> run(List<Event> events) {
        SelfTrainingSeries series = new SelfTrainingSeries(SPEC);
        return events.stream().map(series::step).toList();
    }

    @Test
    void retrainsOnTheScheduleAndServesEachNewVersion() {
        SelfTrainingSeries series = new SelfTrainingSeries(SPEC);
        List<Long> versions =
                series(260, 0).stream().map(e -> series.step(e).modelVersion).toList();
        // rounds before events 40, 80, 100 and 200
        assertThat(series.rounds()).isEqualTo(4);
        assertThat(versions.get(39)).isZero();
        assertThat(versions.get(40)).isEqualTo(1);
        assertThat(versions.get(99)).isEqualTo(2);
        assertThat(versions.get(100)).isEqualTo(3);
        assertThat(versions.get(259)).isEqualTo(4);
    }

    @Test
    void whatComesLaterCannotChangeAnEarlierScore() {
        List<Prediction> plain = run(series(220, 0));
        List<Prediction> bumped = run(series(220, 5));
        // identical up to the first bumped event, which must stand out; training after it differs
        assertThat(bumped.subList(0, 130)).isEqualTo(plain.subList(0, 130));
        assertThat(bumped.get(130).anomalyScore).isEqualTo(1.0);
        assertThat(plain.get(130).anomalyScore).isLessThan(1.0);
        assertThat(bumped.get(200).modelVersion).isEqualTo(plain.get(200).modelVersion);
    }

    @Test
    void isDeterministic() {
        assertThat(run(series(120, 0))).isEqualTo(run(series(120, 0)));
    }
}
