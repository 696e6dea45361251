package io.stepcast.training;

import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.Cell;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The bridge between DL4J, which trains the model, and {@link io.stepcast.runtime.model.RecurrentKernel},
 * which serves it. Builds exactly the network family the kernel can execute, and copies a trained
 * network's parameters into {@link ModelWeights}, refusing any network whose maths the kernel would
 * not reproduce (other layer types, activations or sizes).
 */
public final class Dl4jNetworks {

    private Dl4jNetworks() {}

    /**
     * What the output layer predicts. Either way the kernel computes the output layer's pre-activation
     * (y = b + h·W); only the activation on top and the training loss differ.
     */
    public enum Output {
        /** Values: identity activation, mean squared error. */
        NUMERIC(Activation.IDENTITY, LossFunctions.LossFunction.MSE, ActivationIdentity.class),
        /**
         * The next token of a vocabulary of {@code shape.outputs()} tokens (fed in, for now, one-hot as
         * {@code shape.inputs()} of the same size): softmax, cross-entropy. Served as the kernel's logits through
         * {@link io.stepcast.runtime.model.TokenScores#softmax}.
         */
        CATEGORICAL(Activation.SOFTMAX, LossFunctions.LossFunction.MCXENT, ActivationSoftmax.class);

        private final Activation activation;
        private final LossFunctions.LossFunction loss;
        private final Class<? extends IActivation> activationClass;

        Output(Activation activation, LossFunctions.LossFunction loss, Class<? extends IActivation> activationClass) {
            this.activation = activation;
            this.loss = loss;
            this.activationClass = activationClass;
        }
    }

    /** {@link #configure(ModelShape, Output, long, double, int)} for a {@link Output#NUMERIC} model. */
    public static MultiLayerConfiguration configure(ModelShape shape, long seed, double learningRate, int tbpttLength) {
        return configure(shape, Output.NUMERIC, seed, learningRate, tbpttLength);
    }

    /**
     * A network of {@code shape.layers()} recurrent layers and an {@link RnnOutputLayer} predicting
     * {@code output}, trained with Adam and truncated BPTT. Gradients are clipped element-wise at 1.0
     * because recurrent nets on raw streams otherwise blow up on the occasional outlier.
     */
    public static MultiLayerConfiguration configure(
            ModelShape shape, Output output, long seed, double learningRate, int tbpttLength) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, was " + learningRate);
        }
        if (tbpttLength < 1) {
            throw new IllegalArgumentException("tbpttLength must be at least 1, was " + tbpttLength);
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .dataType(DataType.FLOAT)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
        for (int l = 0; l < shape.layers(); l++) {
            int nIn = l == 0 ? shape.inputs() : shape.hidden();
            list.layer(l, recurrentLayer(shape.cell(), nIn, shape.hidden()));
        }
        list.layer(
                shape.layers(),
                new RnnOutputLayer.Builder(output.loss)
                        .activation(output.activation)
                        .nIn(shape.hidden())
                        .nOut(shape.outputs())
                        .build());
        return list.backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(tbpttLength)
                .tBPTTBackwardLength(tbpttLength)
                .build();
    }

    /**
     * Makes a network restored from a saved model train on with the job's learning rate and truncated
     * BPTT length. A saved DL4J network keeps the settings it was configured with, so without this a
     * changed {@code training.learningRate} (or a tuner trial continuing the serving network) would
     * silently train at the old rate. Adam's moments are kept; a setting already equal is left alone,
     * so continuing with unchanged settings trains bit for bit as before.
     */
    public static void continueWith(MultiLayerNetwork net, double learningRate, int tbpttLength) {
        for (int l = 0; l < net.getnLayers(); l++) {
            Double current = net.getLearningRate(l);
            if (current != null && current != learningRate) {
                net.setLearningRate(l, learningRate);
            }
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (conf.getTbpttFwdLength() != tbpttLength || conf.getTbpttBackLength() != tbpttLength) {
            conf.setTbpttFwdLength(tbpttLength);
            conf.setTbpttBackLength(tbpttLength);
        }
    }

    private static org.deeplearning4j.nn.conf.layers.Layer recurrentLayer(Cell cell, int nIn, int hidden) {
        return switch (cell) {
            case LSTM ->
                new LSTM.Builder()
                        .nIn(nIn)
                        .nOut(hidden)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build();
            case RNN ->
                new SimpleRnn.Builder()
                        .nIn(nIn)
                        .nOut(hidden)
                        .activation(Activation.TANH)
                        .build();
        };
    }

    /**
     * Infers the shape of a network built by {@link #configure} or loaded from a saved DL4J model.
     *
     * @throws IllegalArgumentException if the network is not a stack of equal-sized LSTM or tanh
     *                                  SimpleRnn layers followed by an identity RnnOutputLayer
     */
    public static ModelShape shapeOf(MultiLayerNetwork net) {
        return shapeOf(net, Output.NUMERIC);
    }

    /** As {@link #shapeOf(MultiLayerNetwork)}, for a network whose output layer predicts {@code kind}. */
    public static ModelShape shapeOf(MultiLayerNetwork net, Output kind) {
        int n = net.getnLayers();
        if (n < 2) {
            throw new IllegalArgumentException(
                    "network must have at least one recurrent layer and an output layer, has " + n + " layer(s)");
        }
        org.deeplearning4j.nn.conf.layers.Layer first = confOf(net, 0);
        Cell cell;
        if (first instanceof LSTM) {
            cell = Cell.LSTM;
        } else if (first instanceof SimpleRnn) {
            cell = Cell.RNN;
        } else {
            throw new IllegalArgumentException(
                    "layer 0 must be LSTM or SimpleRnn, is " + first.getClass().getSimpleName());
        }
        org.deeplearning4j.nn.conf.layers.Layer top = confOf(net, n - 1);
        if (!(top instanceof RnnOutputLayer output)) {
            throw new IllegalArgumentException("layer " + (n - 1) + " must be RnnOutputLayer, is "
                    + top.getClass().getSimpleName());
        }
        FeedForwardLayer recurrent = (FeedForwardLayer) first;
        ModelShape shape = new ModelShape(
                cell,
                Math.toIntExact(recurrent.getNIn()),
                Math.toIntExact(recurrent.getNOut()),
                n - 1,
                Math.toIntExact(output.getNOut()));
        checkFits(net, shape, kind);
        return shape;
    }

    /**
     * Carries a next-token network over to a larger vocabulary: {@code fresh}, a newly initialised
     * network of the grown shape, takes every parameter of {@code trained} that still has a place.
     * Vocabularies grow by appending ids, so the old ids keep their rows of the first layer's input
     * weights (after the numeric inputs, which come first and are unchanged) and their columns of the
     * output layer; the new ids keep their fresh initial weights. Training then continues from what the
     * serving model knew instead of from nothing.
     *
     * @throws IllegalArgumentException unless both are categorical networks of one cell, hidden size and
     *                                  depth, {@code fresh} with at least as many ids and as many numeric inputs
     * @return {@code fresh}, its parameters overwritten
     */
    public static MultiLayerNetwork grownFrom(MultiLayerNetwork trained, MultiLayerNetwork fresh) {
        ModelShape from = shapeOf(trained, Output.CATEGORICAL);
        ModelShape to = shapeOf(fresh, Output.CATEGORICAL);
        int numeric = from.inputs() - from.outputs();
        if (from.cell() != to.cell()
                || from.hidden() != to.hidden()
                || from.layers() != to.layers()
                || to.outputs() < from.outputs()
                || to.inputs() - to.outputs() != numeric) {
            throw new IllegalArgumentException("cannot grow " + from.describe() + " into " + to.describe());
        }
        for (int l = 0; l < from.layers(); l++) {
            Layer old = trained.getLayer(l);
            Layer grown = fresh.getLayer(l);
            for (String key : List.of("W", "RW", "b")) {
                INDArray source = param(old, l, key);
                INDArray target = param(grown, l, key);
                if (l == 0 && key.equals("W")) {
                    // rows: the numeric inputs, then one per id; the old ids are a prefix of the new
                    target.get(NDArrayIndex.interval(0, from.inputs()), NDArrayIndex.all())
                            .assign(source);
                } else {
                    target.assign(source);
                }
            }
        }
        Layer oldOut = trained.getLayer(from.layers());
        Layer grownOut = fresh.getLayer(from.layers());
        param(grownOut, from.layers(), "W")
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, from.outputs()))
                .assign(param(oldOut, from.layers(), "W"));
        INDArray bias = param(grownOut, from.layers(), "b");
        INDArray oldBias = param(oldOut, from.layers(), "b").reshape(from.outputs());
        for (int o = 0; o < from.outputs(); o++) {
            bias.putScalar(o, oldBias.getDouble(o));
        }
        return fresh;
    }

    /** {@link #extract(MultiLayerNetwork, ModelShape, Output)} of a {@link Output#NUMERIC} model. */
    public static ModelWeights extract(MultiLayerNetwork net, ModelShape shape) {
        return extract(net, shape, Output.NUMERIC);
    }

    /**
     * Copies the parameters of {@code net} into the kernel's layout. The output activation is not part
     * of the weights: for {@link Output#CATEGORICAL} the kernel yields logits, to which the server
     * applies the softmax.
     *
     * @throws IllegalArgumentException if the network's layers, activations or parameter shapes do not
     *                                  match {@code shape} and {@code output}
     */
    public static ModelWeights extract(MultiLayerNetwork net, ModelShape shape, Output output) {
        checkFits(net, shape, output);
        int width = shape.gates() * shape.hidden();
        float[][] w = new float[shape.layers()][];
        float[][] rw = new float[shape.layers()][];
        float[][] b = new float[shape.layers()][];
        for (int l = 0; l < shape.layers(); l++) {
            Layer layer = net.getLayer(l);
            int nIn = l == 0 ? shape.inputs() : shape.hidden();
            w[l] = rowMajor(layer, l, "W", nIn, width);
            rw[l] = rowMajor(layer, l, "RW", shape.hidden(), width);
            b[l] = vector(layer, l, "b", width);
        }
        Layer out = net.getLayer(shape.layers());
        float[] outW = rowMajor(out, shape.layers(), "W", shape.hidden(), shape.outputs());
        float[] outB = vector(out, shape.layers(), "b", shape.outputs());
        return new ModelWeights(shape, w, rw, b, outW, outB);
    }

    /** Rejects anything whose forward pass differs from what {@link io.stepcast.runtime.model.RecurrentKernel} computes. */
    private static void checkFits(MultiLayerNetwork net, ModelShape shape, Output kind) {
        if (net.getnLayers() != shape.layers() + 1) {
            throw new IllegalArgumentException("network has " + net.getnLayers() + " layers, " + shape.describe()
                    + " needs " + (shape.layers() + 1));
        }
        for (int l = 0; l < shape.layers(); l++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = confOf(net, l);
            if (shape.cell() == Cell.LSTM) {
                if (!(conf instanceof LSTM lstm)) {
                    throw new IllegalArgumentException("layer " + l + " must be LSTM, is "
                            + conf.getClass().getSimpleName());
                }
                requireActivation(l, "activation", lstm.getActivationFn(), ActivationTanH.class);
                requireActivation(l, "gate activation", lstm.getGateActivationFn(), ActivationSigmoid.class);
            } else {
                if (!(conf instanceof SimpleRnn rnn)) {
                    throw new IllegalArgumentException("layer " + l + " must be SimpleRnn, is "
                            + conf.getClass().getSimpleName());
                }
                requireActivation(l, "activation", rnn.getActivationFn(), ActivationTanH.class);
                if (rnn.hasLayerNorm()) {
                    throw new IllegalArgumentException(
                            "layer " + l + ": SimpleRnn with layer normalisation is not supported");
                }
            }
            requireSize(l, (FeedForwardLayer) conf, l == 0 ? shape.inputs() : shape.hidden(), shape.hidden());
        }
        int top = shape.layers();
        org.deeplearning4j.nn.conf.layers.Layer conf = confOf(net, top);
        if (!(conf instanceof RnnOutputLayer output)) {
            throw new IllegalArgumentException("layer " + top + " must be RnnOutputLayer, is "
                    + conf.getClass().getSimpleName());
        }
        requireActivation(top, "activation", output.getActivationFn(), kind.activationClass);
        requireSize(top, output, shape.hidden(), shape.outputs());
    }

    private static org.deeplearning4j.nn.conf.layers.Layer confOf(MultiLayerNetwork net, int layer) {
        return net.getLayer(layer).conf().getLayer();
    }

    private static void requireActivation(
            int layer, String what, IActivation actual, Class<? extends IActivation> expected) {
        if (!expected.isInstance(actual)) {
            throw new IllegalArgumentException(
                    "layer " + layer + ": " + what + " must be " + expected.getSimpleName() + ", is " + actual);
        }
    }

    private static void requireSize(int layer, FeedForwardLayer conf, int nIn, int nOut) {
        if (conf.getNIn() != nIn || conf.getNOut() != nOut) {
            throw new IllegalArgumentException("layer " + layer + " is " + conf.getNIn() + "->" + conf.getNOut()
                    + ", expected " + nIn + "->" + nOut);
        }
    }

    /**
     * Copies a matrix parameter in row-major order by logical index: DL4J's parameter views into the
     * flattened parameter vector are usually 'f'-ordered, so their raw buffers are not row-major.
     */
    private static float[] rowMajor(Layer layer, int index, String key, int rows, int cols) {
        INDArray param = param(layer, index, key);
        long[] expected = {rows, cols};
        if (!Arrays.equals(param.shape(), expected)) {
            throw new IllegalArgumentException("layer " + index + " parameter '" + key + "' has shape "
                    + Arrays.toString(param.shape()) + ", expected " + Arrays.toString(expected));
        }
        float[] values = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                values[i * cols + j] = param.getFloat(i, j);
            }
        }
        return values;
    }

    /** Copies a bias; DL4J 1.0.0-M2.1 stores biases as rank-1 [n], older versions as [1, n], so accept either. */
    private static float[] vector(Layer layer, int index, String key, int length) {
        INDArray param = param(layer, index, key);
        if (!param.isVector() || param.length() != length) {
            throw new IllegalArgumentException("layer " + index + " parameter '" + key + "' has shape "
                    + Arrays.toString(param.shape()) + ", expected a vector of " + length);
        }
        float[] values = new float[length];
        for (int j = 0; j < length; j++) {
            values[j] = param.getFloat(j);
        }
        return values;
    }

    private static INDArray param(Layer layer, int index, String key) {
        INDArray param = layer.getParam(key);
        if (param == null) {
            throw new IllegalArgumentException("layer " + index + " has no parameter '" + key + "'");
        }
        return param;
    }
}
