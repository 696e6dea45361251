package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.training.input.EventSequences;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static final String JOB = """
            time: {features: [hour-of-day]}
            model: {cell: lstm, hidden: 16}
            training: {epochs: 20, sequenceLength: 96, tbptt: 48, batchSize: 8, learningRate: 0.02, seed: 5}
            """;

    private static Map<String, List<Event>> sensors(int keys, int steps) {
        return EventSequences.byKey(TestEvents.sensors(keys, 3, 0, steps));
    }

    @Test
    void trainedModelBeatsPersistenceOnHeldOutData() {
        Trainer.TrainedModel model = new Trainer(TestSpecs.parse(JOB)).train(sensors(6, 864), null, line -> {});

        Map<String, Double> metrics = model.metrics();
        // 6 keys, the newest 20% of 864 events each, one prediction per event after the first
        assertThat(metrics.get("validationPoints")).isEqualTo(6.0 * (864 - 692));
        assertThat(metrics.get("validationMae")).isLessThan(metrics.get("validationNaiveMae"));
        assertThat(metrics.get("trainLoss")).isFinite();
        assertThat(model.weights().shape()).isEqualTo(new ModelShape(Cell.LSTM, 3, 16, 1, 1));
    }

    @Test
    void sameSeedSameDataGivesTheSameWeights() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 2"));
        Map<String, List<Event>> data = sensors(3, 300);
        assertThat(new Trainer(spec).train(data, null, line -> {}).weights())
                .isEqualTo(new Trainer(spec).train(data, null, line -> {}).weights());
    }

    @Test
    void trainingInStepsGivesTheSameNetworkAsTrainingAtOnce() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 3"));
        Map<String, List<Event>> data = sensors(3, 300);
        Trainer.Run steps = new Trainer(spec).start(data, null, 1.0);
        steps.train(1, line -> {});
        steps.train(2, line -> {});
        Trainer.TrainedModel atOnce = new Trainer(spec).train(data, null, line -> {});
        assertThat(steps.epochs()).isEqualTo(3);
        assertThat(steps.result().weights()).isEqualTo(atOnce.weights());
        assertThat(steps.result().metrics())
                .containsEntry("validationMae", atOnce.metrics().get("validationMae"));
    }

    @Test
    void aRecentShareTrainsOnTheNewestEventsAndValidatesOnTheSameSlice() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 1"));
        Map<String, List<Event>> data = sensors(2, 500);
        Trainer.Run all = new Trainer(spec).start(data, null, 1.0);
        Trainer.Run newest = new Trainer(spec).start(data, null, 0.25);
        all.train(1, line -> {});
        newest.train(1, line -> {});
        // 400 training events a key: all of them, or the newest 100 (labels start after 10 settling events)
        assertThat(all.result().metrics().get("trainSteps")).isEqualTo(2.0 * (400 - 10));
        assertThat(newest.result().metrics().get("trainSteps")).isEqualTo(2.0 * (100 - 1));
        assertThat(newest.result().metrics().get("validationPoints"))
                .isEqualTo(all.result().metrics().get("validationPoints"));
    }

    @Test
    void warmStartContinuesFromTheGivenNetwork() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 1"));
        Map<String, List<Event>> data = sensors(3, 300);
        Trainer.TrainedModel first = new Trainer(spec).train(data, null, line -> {});
        MultiLayerNetwork copy = first.network().clone();

        Trainer.TrainedModel continued = new Trainer(spec).train(data, copy, line -> {});

        assertThat(continued.network()).isSameAs(copy);
        assertThat(continued.weights()).isNotEqualTo(first.weights());
    }

    @Test
    void aWarmStartTrainsWithTheJobsLearningRateAndTbpttNotTheStoredOnes() throws IOException {
        // the same initial weights, configured once as a stored model would be (another job's rate and
        // BPTT length, saved and restored) and once as this job configures them
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 2"));
        JobSpec older = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 2")
                .replace("learningRate: 0.02", "learningRate: 0.000001")
                .replace("tbptt: 48", "tbptt: 12"));
        MultiLayerNetwork stored = savedAndRestored(new Trainer(older).untrainedNetwork());
        MultiLayerNetwork fresh = new Trainer(spec).untrainedNetwork();
        Map<String, List<Event>> data = sensors(3, 300);

        Trainer.TrainedModel continued = new Trainer(spec).train(data, stored, line -> {});

        assertThat(stored.getLearningRate(0)).isEqualTo(0.02);
        assertThat(stored.getLayerWiseConfigurations().getTbpttFwdLength()).isEqualTo(48);
        assertThat(continued.weights())
                .isEqualTo(new Trainer(spec).train(data, fresh, line -> {}).weights());
    }

    private static MultiLayerNetwork savedAndRestored(MultiLayerNetwork net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
    }

    @Test
    void warmStartOfAnotherShapeIsRefused() {
        JobSpec spec = TestSpecs.parse(JOB.replace("epochs: 20", "epochs: 1"));
        MultiLayerNetwork other =
                new MultiLayerNetwork(Dl4jNetworks.configure(new ModelShape(Cell.RNN, 3, 16, 1, 1), 1, 0.01, 10));
        other.init();
        assertThatThrownBy(() -> new Trainer(spec).train(sensors(2, 200), other, line -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot warm-start from a rnn");
    }

    @Test
    void tooLittleDataIsAClearError() {
        assertThatThrownBy(() -> new Trainer(TestSpecs.parse(JOB)).train(sensors(2, 8), null, line -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not enough events to train");
    }
}
