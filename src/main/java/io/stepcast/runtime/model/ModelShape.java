package io.stepcast.runtime.model;

import io.stepcast.runtime.spec.Cell;
import io.stepcast.runtime.spec.JobSpec;
import java.io.Serializable;
import java.util.Objects;

/**
 * The dimensions of a stacked recurrent network with a dense output layer: everything needed to
 * size weight arrays and per-key state without looking at the weights themselves. Being a record,
 * Java deserialization goes through the compact constructor, so a shape read back from Flink state
 * is validated too.
 *
 * @param cell    recurrent cell kind, shared by all layers
 * @param inputs  features per event
 * @param hidden  units per recurrent layer (the same in every layer)
 * @param layers  number of stacked recurrent layers
 * @param outputs values predicted per event
 */
public record ModelShape(Cell cell, int inputs, int hidden, int layers, int outputs) implements Serializable {

    /** Upper bound on {@link #hidden()}: beyond it per-key state would dominate Flink state size. */
    public static final int MAX_HIDDEN = 4096;
    /** Upper bound on {@link #layers()}. */
    public static final int MAX_LAYERS = 8;

    public ModelShape {
        Objects.requireNonNull(cell, "cell must not be null");
        atLeastOne("inputs", inputs);
        atLeastOne("hidden", hidden);
        atLeastOne("layers", layers);
        atLeastOne("outputs", outputs);
        if (hidden > MAX_HIDDEN) {
            throw new IllegalArgumentException("hidden must be at most " + MAX_HIDDEN + ", was " + hidden);
        }
        if (layers > MAX_LAYERS) {
            throw new IllegalArgumentException("layers must be at most " + MAX_LAYERS + ", was " + layers);
        }
    }

    /** The shape of the network {@code spec} asks for: its cell and sizes, its features in and values out. */
    public static ModelShape of(JobSpec spec) {
        JobSpec.Model m = spec.model();
        return new ModelShape(m.cell(), spec.modelInputs(), m.hidden(), m.layers(), spec.modelOutputs());
    }

    /**
     * The shape of a next-token network for {@code spec} over {@code vocabularySize} ids (the bucket
     * included): the job's numeric inputs followed by one input per id (the arrived token, one-hot), and
     * one output per id (the next token's logits).
     */
    public static ModelShape ofTokens(JobSpec spec, int vocabularySize) {
        JobSpec.Model m = spec.model();
        return new ModelShape(m.cell(), spec.modelInputs() + vocabularySize, m.hidden(), m.layers(), vocabularySize);
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    /** Length of the hidden-state vector kept per key: all layers' activations, layer 0 first. */
    public int stateSize() {
        return layers * hidden;
    }

    /** Length of the LSTM cell-state vector kept per key; 0 for cells that have none. */
    public int cellStateSize() {
        return cell == Cell.LSTM ? layers * hidden : 0;
    }

    /** Number of gate blocks along the second weight axis: 4 for LSTM, 1 for a simple RNN. */
    public int gates() {
        return cell == Cell.LSTM ? 4 : 1;
    }

    /** Short human-readable form such as {@code "lstm 3x32x1->1"} (inputs x hidden x layers -> outputs). */
    public String describe() {
        return cell.id() + " " + inputs + "x" + hidden + "x" + layers + "->" + outputs;
    }
}
