package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.Cell;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class Dl4jNetworksTest {

    private static MultiLayerNetwork network(ModelShape shape) {
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jNetworks.configure(shape, 1, 1e-3, 20));
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void shapeOfASavedAndRestoredNetworkIsTheConfiguredShape(Cell cell, @TempDir Path dir) throws IOException {
        ModelShape shape = new ModelShape(cell, 3, 8, 2, 2);
        MultiLayerNetwork net = network(shape);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, false);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, false);

        assertThat(Dl4jNetworks.shapeOf(restored)).isEqualTo(shape);
        assertThat(Dl4jNetworks.extract(restored, shape)).isEqualTo(Dl4jNetworks.extract(net, shape));
    }

    @Test
    void extractReadsParametersByLogicalIndex() {
        ModelShape shape = new ModelShape(Cell.LSTM, 2, 3, 1, 1);
        MultiLayerNetwork net = network(shape);
        net.getLayer(0).getParam("W").putScalar(new long[] {1, 5}, 0.25f);
        net.getLayer(1).getParam("W").putScalar(new long[] {2, 0}, -0.75f);

        ModelWeights weights = Dl4jNetworks.extract(net, shape);

        assertThat(weights.inputWeights(0)[1 * 12 + 5]).isEqualTo(0.25f);
        assertThat(weights.outputWeights()[2]).isEqualTo(-0.75f);
    }

    @Test
    void extractRejectsANetworkOfAnotherShape() {
        MultiLayerNetwork net = network(new ModelShape(Cell.LSTM, 3, 8, 1, 1));

        assertThatThrownBy(() -> Dl4jNetworks.extract(net, new ModelShape(Cell.LSTM, 3, 8, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("network has 2 layers");
        assertThatThrownBy(() -> Dl4jNetworks.extract(net, new ModelShape(Cell.RNN, 3, 8, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be SimpleRnn");
        assertThatThrownBy(() -> Dl4jNetworks.extract(net, new ModelShape(Cell.LSTM, 3, 16, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0 is 3->8, expected 3->16");
        assertThatThrownBy(() -> Dl4jNetworks.extract(net, new ModelShape(Cell.LSTM, 3, 8, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 1 is 8->1, expected 8->2");
    }

    @Test
    void shapeOfRejectsANetworkTheKernelCannotRun() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .nIn(3)
                        .nOut(1)
                        .build())
                .build());
        net.init();
        assertThatThrownBy(() -> Dl4jNetworks.shapeOf(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 0 must be LSTM or SimpleRnn, is DenseLayer");
    }

    /** Serving a softmax model's logits as values, or a value model's outputs as logits, would be wrong silently. */
    @Test
    void extractRefusesAnOutputOfTheOtherKind() {
        ModelShape shape = new ModelShape(Cell.LSTM, 6, 4, 1, 6);
        MultiLayerNetwork categorical =
                new MultiLayerNetwork(Dl4jNetworks.configure(shape, Dl4jNetworks.Output.CATEGORICAL, 1, 1e-3, 20));
        categorical.init();

        assertThat(Dl4jNetworks.extract(categorical, shape, Dl4jNetworks.Output.CATEGORICAL)
                        .shape())
                .isEqualTo(shape);
        assertThatThrownBy(() -> Dl4jNetworks.extract(categorical, shape))
                .hasMessageContaining("layer 1: activation must be ActivationIdentity");
        assertThatThrownBy(() -> Dl4jNetworks.shapeOf(categorical))
                .hasMessageContaining("layer 1: activation must be ActivationIdentity");
        assertThatThrownBy(() -> Dl4jNetworks.extract(network(shape), shape, Dl4jNetworks.Output.CATEGORICAL))
                .hasMessageContaining("layer 1: activation must be ActivationSoftmax");
    }

    @Test
    void configureRejectsBadTrainingSettings() {
        ModelShape shape = new ModelShape(Cell.RNN, 1, 4, 1, 1);
        assertThatThrownBy(() -> Dl4jNetworks.configure(shape, 1, 0, 10)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Dl4jNetworks.configure(shape, 1, Double.NaN, 10))
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Dl4jNetworks.configure(shape, 1, 1e-3, 0)).hasMessageContaining("tbpttLength");
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void aGrownNetworkKeepsEveryOldIdsWeightsAndTheNewIdsFreshOnes(Cell cell) {
        // 2 numeric inputs; 5 ids grown to 8, 2 layers
        ModelShape small = new ModelShape(cell, 2 + 5, 6, 2, 5);
        ModelShape large = new ModelShape(cell, 2 + 8, 6, 2, 8);
        MultiLayerNetwork trained = categorical(small, 1);
        MultiLayerNetwork fresh = categorical(large, 2);
        ModelWeights before = Dl4jNetworks.extract(fresh, large, Dl4jNetworks.Output.CATEGORICAL);
        ModelWeights old = Dl4jNetworks.extract(trained, small, Dl4jNetworks.Output.CATEGORICAL);

        ModelWeights grown =
                Dl4jNetworks.extract(Dl4jNetworks.grownFrom(trained, fresh), large, Dl4jNetworks.Output.CATEGORICAL);

        int width = small.gates() * small.hidden();
        assertThat(Arrays.copyOf(grown.inputWeights(0), small.inputs() * width)).containsExactly(old.inputWeights(0));
        assertThat(Arrays.copyOfRange(grown.inputWeights(0), small.inputs() * width, large.inputs() * width))
                .containsExactly(
                        Arrays.copyOfRange(before.inputWeights(0), small.inputs() * width, large.inputs() * width));
        for (int l = 0; l < 2; l++) {
            assertThat(grown.recurrentWeights(l)).containsExactly(old.recurrentWeights(l));
            assertThat(grown.bias(l)).containsExactly(old.bias(l));
        }
        assertThat(grown.inputWeights(1)).containsExactly(old.inputWeights(1));
        for (int k = 0; k < 6; k++) {
            for (int o = 0; o < 8; o++) {
                float expected = o < 5 ? old.outputWeights()[k * 5 + o] : before.outputWeights()[k * 8 + o];
                assertThat(grown.outputWeights()[k * 8 + o])
                        .as("output weight %d,%d", k, o)
                        .isEqualTo(expected);
            }
        }
        assertThat(Arrays.copyOf(grown.outputBias(), 5)).containsExactly(old.outputBias());
    }

    @Test
    void onlyALargerVocabularyOfTheSameNetworkGrows() {
        MultiLayerNetwork trained = categorical(new ModelShape(Cell.LSTM, 7, 6, 1, 5), 1);
        assertThatThrownBy(() -> Dl4jNetworks.grownFrom(trained, categorical(new ModelShape(Cell.LSTM, 6, 6, 1, 4), 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot grow lstm 7x6x1->5 into lstm 6x6x1->4");
        assertThatThrownBy(() ->
                        Dl4jNetworks.grownFrom(trained, categorical(new ModelShape(Cell.LSTM, 10, 8, 1, 8), 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Dl4jNetworks.grownFrom(trained, categorical(new ModelShape(Cell.LSTM, 11, 6, 1, 8), 2)))
                .as("another number of numeric inputs")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MultiLayerNetwork categorical(ModelShape shape, long seed) {
        MultiLayerNetwork net =
                new MultiLayerNetwork(Dl4jNetworks.configure(shape, Dl4jNetworks.Output.CATEGORICAL, seed, 0.01, 10));
        net.init();
        return net;
    }
}
