package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.TuningTrial;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.training.input.EventSequences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class TunerTest {
    /** The job file's learning rate is too small to move the weights in the budget; the space has a good one. */
    private static final String JOB = """
            time: {features: [hour-of-day]}
            model: {cell: lstm, hidden: 8}
            training:
              epochs: 4
              sequenceLength: 96
              tbptt: 48
              batchSize: 8
              learningRate: 0.000001
              seed: 5
              tuning: {trials: 2, eta: 2, hidden: [], layers: [], learningRate: [0.000001, 0.02]}
            """;

    private static Map<String, List<Event>> sensors() {
        return EventSequences.byKey(TestEvents.sensors(4, 3, 0, 600));
    }

    @Test
    void findsTheLearningRateThatLearnsWithinTheBudget() {
        List<String> log = new ArrayList<>();
        Tuner.Result result = new Tuner(TestSpecs.parse(JOB)).tune(sensors(), null, log::add);

        List<TuningTrial> trials = result.table().trials();
        assertThat(trials).hasSize(2);
        assertThat(trials.get(0).learningRate()).isEqualTo(0.000001); // the job file's settings come first
        assertThat(trials.get(1).learningRate()).isEqualTo(0.02);
        assertThat(result.table().winner()).isEqualTo(1);
        assertThat(result.table().winning().epochs()).containsExactly(2, 4);
        assertThat(trials.get(0).epochs()).containsExactly(2);
        assertThat(result.tuned().training().learningRate()).isEqualTo(0.02);
        Map<String, Double> metrics = result.model().metrics();
        assertThat(metrics.get("validationMae"))
                .isEqualTo(result.table().winning().bestValidationMae());
        assertThat(metrics.get("validationMae")).isLessThan(trials.get(0).bestValidationMae());
        TuningTrial won = result.table().winning();
        assertThat(won.validationMae().get(won.epochs().indexOf(result.table().keptEpochs())))
                .isEqualTo(won.bestValidationMae());
        assertThat(metrics.get("validationMae")).isLessThan(metrics.get("validationNaiveMae"));
        assertThat(log).first().asString().startsWith("tuning: 2 trials, rungs at [2, 4] epochs");
        assertThat(log)
                .last()
                .asString()
                .isEqualTo(
                        "tuning: trial 1 won (hidden 8, layers 1, learning rate 0.02, sequence 96, recent 1.0, lags []), kept after 4 epochs");
    }

    @Test
    void aRoundIsDeterministic() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 4", "epochs: 2"));
        Tuner.Result a = new Tuner(spec).tune(sensors(), null, line -> {});
        Tuner.Result b = new Tuner(spec).tune(sensors(), null, line -> {});
        assertThat(a.table()).isEqualTo(b.table());
        assertThat(a.model().weights()).isEqualTo(b.model().weights());
    }

    @Test
    void trialZeroContinuesTheServingModelAndAnotherShapeMayWin() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 4", "epochs: 2")
                .replace("hidden: [], layers: []", "hidden: [4, 8], layers: [1, 2]")
                .replace("learningRate: [0.000001, 0.02]", "learningRate: [0.02]")
                .replace("trials: 2", "trials: 4"));
        Trainer.TrainedModel serving = new Trainer(spec).train(sensors(), null, line -> {});
        TrialSettings servingSettings = TrialSettings.of(spec);

        Tuner.Result result =
                new Tuner(spec).tune(sensors(), new Tuner.Warm(serving.network(), servingSettings), line -> {});

        List<TuningTrial> trials = result.table().trials();
        assertThat(trials).hasSize(4);
        assertThat(trials.get(0).warmStart()).isTrue();
        assertThat(TrialSettings.of(trials.get(0))).isEqualTo(servingSettings);
        assertThat(trials.subList(1, 4)).noneMatch(TuningTrial::warmStart);
        // the other three are distinct shapes from the space, each once
        assertThat(trials.stream().map(t -> t.layers() + "x" + t.hidden()).distinct())
                .hasSize(4);
        TuningTrial won = result.table().winning();
        assertThat(result.model().weights().shape())
                .isEqualTo(ModelShape.of(
                        spec.with(JobSpec.Model.HIDDEN, won.hidden()).with(JobSpec.Model.LAYERS, won.layers())));
    }

    @Test
    void aTrialOfTheServingShapeContinuesACopyOfTheServingNetworkAtItsOwnRate() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 4", "epochs: 2")
                .replace("learningRate: 0.000001\n", "learningRate: 0.02\n")
                .replace("learningRate: [0.000001, 0.02]", "learningRate: [0.02, 0.005]"));
        Trainer.TrainedModel serving = new Trainer(spec).train(sensors(), null, line -> {});
        MultiLayerNetwork untouched = serving.network().clone();

        Tuner.Result result =
                new Tuner(spec).tune(sensors(), new Tuner.Warm(serving.network(), TrialSettings.of(spec)), line -> {});

        TuningTrial second = result.table().trials().get(1);
        assertThat(second.learningRate()).isEqualTo(0.005);
        assertThat(second.warmStart()).isTrue();
        // what the serving network, trained on one epoch at 0.005, scores: the trial's first rung
        Trainer.Run alone = new Trainer(spec.withTraining(spec.training().withLearningRate(0.005)))
                .start(sensors(), untouched, 1.0);
        alone.train(1, line -> {});
        assertThat(second.epochs().get(0)).isEqualTo(1);
        assertThat(second.validationMae().get(0))
                .isEqualTo(alone.result().metrics().get("validationMae"));
    }

    /**
     * Each key repeats a random pattern of 24 values (plus a little noise), so the value 24 events back is
     * the best input there is for the next one, and nothing else a small network sees in a few epochs
     * comes close: the tuner must pick that lag over none and over a decoy at half the period.
     */
    @Test
    void findsTheLagInputThatCarriesTheSeriesPattern() {
        JobSpec spec = TestSpecs.parse("""
                fields: {features: [v]}
                model: {cell: lstm, hidden: 8}
                training:
                  epochs: 6
                  sequenceLength: 96
                  tbptt: 48
                  batchSize: 8
                  learningRate: 0.02
                  seed: 5
                  tuning: {trials: 3, eta: 3, hidden: [], layers: [], learningRate: [], lags: [[], [12], [24]]}
                """);
        Map<String, List<Event>> sequences = new TreeMap<>();
        for (int k = 0; k < 4; k++) {
            SplittableRandom random = new SplittableRandom(100 + k);
            double[] pattern = random.doubles(24, 0, 10).toArray();
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                events.add(new Event("k" + k, 1_000L * i, pattern[i % 24] + random.nextGaussian() * 0.05));
            }
            sequences.put("k" + k, events);
        }

        Tuner.Result result = new Tuner(spec).tune(sequences, null, line -> {});

        List<TuningTrial> trials = result.table().trials();
        assertThat(trials).extracting(TuningTrial::lags).containsExactlyInAnyOrder(List.of(), List.of(12), List.of(24));
        assertThat(trials.get(0).lags()).isEmpty(); // the job file's
        assertThat(result.table().winning().lags()).containsExactly(24);
        assertThat(result.tuned().model().lags()).containsExactly(24);
        assertThat(result.model().weights().shape().inputs()).isEqualTo(2);
        TuningTrial won = result.table().winning();
        for (TuningTrial other : trials) {
            if (other != won) { // already at the first rung, where the halving chose it
                assertThat(won.validationMae().get(0))
                        .isLessThan(0.9 * other.validationMae().get(0));
            }
        }
        assertThat(result.model().metrics().get("validationMae"))
                .isLessThan(result.model().metrics().get("validationNaiveMae") / 4);
    }

    @Test
    void aJobThatDoesNotTuneHasNoTuner() {
        assertThatThrownBy(() -> new Tuner(TestSpecs.parse("model: {hidden: 4}")))
                .hasMessageContaining("training.tuning.trials is 0");
    }
}
