package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.Cell;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
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
}
