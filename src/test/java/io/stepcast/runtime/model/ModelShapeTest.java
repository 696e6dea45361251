package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.spec.Cell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ModelShapeTest {

    @Test
    void aJobsShapeCountsLagsAndTimeFeaturesAsInputsAndOneOutputPerFeature() {
        var spec = TestSpecs.parse("""
                name: shape
                fields: {features: [temp, rpm]}
                time: {features: [hour-of-day]}
                model: {cell: rnn, hidden: 6, layers: 2, lags: [1, 24]}
                """);
        // two features, each now and at two lags, plus sine and cosine of the hour
        assertThat(ModelShape.of(spec)).isEqualTo(new ModelShape(Cell.RNN, 2 * 3 + 2, 6, 2, 2));
    }

    @Test
    void cellParsesCaseInsensitivelyAndNamesTheAllowedValues() {
        assertThat(Cell.parse("lstm")).isEqualTo(Cell.LSTM);
        assertThat(Cell.parse("RNN")).isEqualTo(Cell.RNN);
        assertThat(Cell.parse("Lstm")).isEqualTo(Cell.LSTM);
        assertThat(Cell.LSTM.id()).isEqualTo("lstm");
        assertThatThrownBy(() -> Cell.parse("gru"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown cell 'gru'; allowed values: lstm, rnn");
        assertThatThrownBy(() -> Cell.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivedSizes() {
        ModelShape lstm = new ModelShape(Cell.LSTM, 3, 32, 2, 1);
        assertThat(lstm.stateSize()).isEqualTo(64);
        assertThat(lstm.cellStateSize()).isEqualTo(64);
        assertThat(lstm.gates()).isEqualTo(4);
        assertThat(lstm.describe()).isEqualTo("lstm 3x32x2->1");

        ModelShape rnn = new ModelShape(Cell.RNN, 5, 16, 1, 2);
        assertThat(rnn.stateSize()).isEqualTo(16);
        assertThat(rnn.cellStateSize()).isZero();
        assertThat(rnn.gates()).isEqualTo(1);
        assertThat(rnn.describe()).isEqualTo("rnn 5x16x1->2");
    }

    @Test
    void rejectsImpossibleSizesNamingTheField() {
        assertThatThrownBy(() -> new ModelShape(Cell.LSTM, 0, 8, 1, 1)).hasMessage("inputs must be at least 1, was 0");
        assertThatThrownBy(() -> new ModelShape(Cell.LSTM, 1, -2, 1, 1))
                .hasMessage("hidden must be at least 1, was -2");
        assertThatThrownBy(() -> new ModelShape(Cell.LSTM, 1, 8, 0, 1)).hasMessage("layers must be at least 1, was 0");
        assertThatThrownBy(() -> new ModelShape(Cell.LSTM, 1, 8, 1, 0)).hasMessage("outputs must be at least 1, was 0");
        assertThatThrownBy(() -> new ModelShape(Cell.LSTM, 1, 4097, 1, 1))
                .hasMessage("hidden must be at most 4096, was 4097");
        assertThatThrownBy(() -> new ModelShape(Cell.LSTM, 1, 8, 9, 1)).hasMessage("layers must be at most 8, was 9");
        assertThatThrownBy(() -> new ModelShape(null, 1, 8, 1, 1)).hasMessageContaining("cell");
        assertThat(new ModelShape(Cell.RNN, 1, 4096, 8, 1).stateSize()).isEqualTo(8 * 4096);
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        ModelShape shape = new ModelShape(Cell.LSTM, 3, 32, 2, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(shape);
            out.writeObject(RandomWeights.of(shape, 3));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(shape);
            assertThat(in.readObject()).isEqualTo(RandomWeights.of(shape, 3));
        }
    }
}
