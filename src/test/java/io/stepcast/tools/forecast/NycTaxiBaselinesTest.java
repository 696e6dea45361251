package io.stepcast.tools.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.training.input.EventCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The baselines on the shared NYC-taxi file, read with the bundled job's fields (skipped without ../shared). */
class NycTaxiBaselinesTest {
    private static final Path TAXI = Path.of("..", "shared", "nab", "data", "realKnownCause", "nyc_taxi.csv");

    @Test
    void baselinesOnTheIssueWindow() throws Exception {
        assumeTrue(Files.isRegularFile(TAXI), "no shared NAB data at " + TAXI);
        List<Event> series = EventCsv.read(
                TAXI, JobSpecLoader.loadOrBundled("jobs/nyc-taxi.yaml").fields());
        Baselines baselines = Baselines.of(series, 5);
        ErrorMetrics persistence = new ErrorMetrics();
        ErrorMetrics weeklyNaive = new ErrorMetrics();
        for (int t = 5000; t < 10315; t++) {
            double actual = series.get(t + 5).values[0];
            persistence.add(actual, baselines.persistence(t));
            weeklyNaive.add(actual, baselines.weeklyNaive(t));
        }
        assertThat(series).hasSize(10320);
        assertThat(baselines.weeklyLag()).isEqualTo(336);
        // independently computed from the file (Python, the same formulas)
        assertThat(persistence.score().mape()).isCloseTo(0.3245231459515725, within(1e-12));
        assertThat(persistence.score().nrmse()).isCloseTo(0.9055228509249823, within(1e-12));
        assertThat(weeklyNaive.score().mape()).isCloseTo(0.12352452926119609, within(1e-12));
        assertThat(weeklyNaive.score().nrmse()).isCloseTo(0.4669973672663219, within(1e-12));
        assertThat(weeklyNaive.score().count()).isEqualTo(5315);
    }
}
