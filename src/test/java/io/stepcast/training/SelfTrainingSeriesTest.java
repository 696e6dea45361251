package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

    /**
     * Tuning per series: every round is a tuning round on the series' own past, the winner serves
     * from the next event whatever its shape, and the scores stay causal and deterministic.
     */
    @Test
    void aTuningSeriesServesEachRoundsWinnerCausally() {
        JobSpec tuning = SPEC.withTraining(SPEC.training().withEpochs(2))
                .with(JobSpec.Training.VALIDATION_FRACTION, 0.2)
                .with(JobSpec.Tuning.TRIALS, 3)
                .with(JobSpec.Tuning.HIDDEN, List.of(2, 4, 6))
                .with(JobSpec.Tuning.LAYERS, List.of(1))
                .with(JobSpec.Tuning.LEARNING_RATE, List.of(0.01));
        SelfTrainingSeries series = new SelfTrainingSeries(tuning);
        List<Prediction> plain = series(220, 0).stream().map(series::step).toList();
        assertThat(series.rounds()).isEqualTo(4);
        assertThat(series.lastTuning().trials()).hasSize(3);
        // from the second round on, trial 0 continues the serving winner
        assertThat(series.lastTuning().trials().get(0).warmStart()).isTrue();
        assertThat(plain).extracting(p -> p.modelVersion).contains(0L, 1L, 2L, 3L, 4L);
        assertThat(plain).allSatisfy(p -> assertThat(p.next[0]).isFinite());

        // the winner trains on the held-out newest rows too (refitEpochs 1, the default) before it serves
        SelfTrainingSeries unrefitted = new SelfTrainingSeries(tuning.with(JobSpec.Tuning.REFIT_EPOCHS, 0));
        List<Prediction> judgedOnly =
                series(220, 0).stream().map(unrefitted::step).toList();
        assertThat(judgedOnly.subList(0, 40)).isEqualTo(plain.subList(0, 40));
        assertThat(judgedOnly.get(40).next[0]).isNotEqualTo(plain.get(40).next[0]);

        SelfTrainingSeries bumpedSeries = new SelfTrainingSeries(tuning);
        List<Prediction> bumped =
                series(220, 5).stream().map(bumpedSeries::step).toList();
        assertThat(bumped.subList(0, 130)).isEqualTo(plain.subList(0, 130));
        assertThat(bumped.get(130).anomalyScore).isEqualTo(1.0);
    }

    /**
     * A tuned ensemble: member 0 is each round's winner, exactly as without the ensemble (the tuning
     * tables are equal), and the others, trained with its settings and their own seeds, move the
     * served average; deterministic although members train in parallel.
     */
    @Test
    void aTunedEnsembleAveragesTheWinnerWithMembersOfItsSettings() {
        JobSpec tuning = SPEC.withTraining(SPEC.training().withEpochs(2))
                .with(JobSpec.Training.VALIDATION_FRACTION, 0.2)
                .with(JobSpec.Tuning.TRIALS, 2)
                .with(JobSpec.Tuning.HIDDEN, List.of(2, 4))
                .with(JobSpec.Tuning.LAYERS, List.of(1))
                .with(JobSpec.Tuning.LEARNING_RATE, List.of(0.01));
        SelfTrainingSeries single = new SelfTrainingSeries(tuning);
        SelfTrainingSeries ensemble = new SelfTrainingSeries(tuning.with(JobSpec.Training.ENSEMBLE, 3));
        SelfTrainingSeries again = new SelfTrainingSeries(tuning.with(JobSpec.Training.ENSEMBLE, 3));
        List<Prediction> one = series(220, 0).stream().map(single::step).toList();
        List<Prediction> three = series(220, 0).stream().map(ensemble::step).toList();

        assertThat(ensemble.lastTuning()).isEqualTo(single.lastTuning());
        assertThat(three.get(219).next[0]).isNotEqualTo(one.get(219).next[0]);
        assertThat(series(220, 0).stream().map(again::step).toList()).isEqualTo(three);
    }

    /**
     * Lag inputs are tuned per series too: on a random pattern repeating every 10 rows the rounds pick
     * lag 10 over none, the winner then serves on the series' state (kept for every listed lag) and
     * an ensemble's members follow it, deterministically.
     */
    @Test
    void aTuningSeriesPicksTheLagThatCarriesItsPattern() {
        JobSpec tuning = SPEC.withTraining(SPEC.training().withEpochs(3).withLearningRate(0.02))
                .with(JobSpec.Training.VALIDATION_FRACTION, 0.2)
                .with(JobSpec.Tuning.TRIALS, 2)
                .with(JobSpec.Tuning.HIDDEN, List.of(4))
                .with(JobSpec.Tuning.LAYERS, List.of(1))
                .with(JobSpec.Tuning.LEARNING_RATE, List.of(0.02))
                .with(JobSpec.Tuning.LAGS, List.of(List.of(), List.of(10)))
                .with(JobSpec.Training.ENSEMBLE, 2);
        double[] pattern = new SplittableRandom(3).doubles(10, 0, 10).toArray();
        List<Event> events = new ArrayList<>();
        for (int t = 0; t < 260; t++) {
            events.add(new Event("s", 1_000_000L + t * 60_000L, pattern[t % 10]));
        }
        SelfTrainingSeries series = new SelfTrainingSeries(tuning);
        List<Prediction> predictions = events.stream().map(series::step).toList();

        assertThat(series.rounds()).isEqualTo(4);
        assertThat(series.lastTuning().winning().lags()).containsExactly(10);
        assertThat(series.lastTuning().trials().get(0).lags()).containsExactly(10); // the serving one's, continued
        assertThat(series.lastTuning().trials().get(0).warmStart()).isTrue();
        SelfTrainingSeries again = new SelfTrainingSeries(tuning);
        assertThat(events.stream().map(again::step).toList()).isEqualTo(predictions);
    }

    @Test
    void isDeterministic() {
        assertThat(run(series(120, 0))).isEqualTo(run(series(120, 0)));
    }
}
