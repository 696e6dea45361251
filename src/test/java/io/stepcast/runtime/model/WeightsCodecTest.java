package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.runtime.spec.Cell;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeightsCodecTest {

    private static final ModelShape SHAPE = new ModelShape(Cell.LSTM, 3, 4, 2, 2);
    /** Offsets in the header: magic 0..3, version 4..7, cell 8, inputs 9, hidden 13, layers 17, outputs 21. */
    private static final int HEADER = 25;

    private static byte[] encoded() {
        return WeightsCodec.encode(RandomWeights.of(SHAPE, 11));
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void roundTripsExactly(Cell cell) {
        ModelWeights weights = RandomWeights.of(new ModelShape(cell, 5, 7, 3, 2), 5);
        assertThat(WeightsCodec.decode(WeightsCodec.encode(weights))).isEqualTo(weights);
    }

    @Test
    void writesTheDocumentedHeaderAndNothingMore() {
        ByteBuffer bytes = ByteBuffer.wrap(encoded());
        byte[] magic = new byte[4];
        bytes.get(magic);
        assertThat(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("STPW");
        assertThat(bytes.getInt()).isEqualTo(1);
        assertThat(bytes.get()).isEqualTo((byte) 0);
        assertThat(new int[] {bytes.getInt(), bytes.getInt(), bytes.getInt(), bytes.getInt()})
                .containsExactly(3, 4, 2, 2);
        int floats = (3 * 16 + 4 * 16 + 16) + (4 * 16 + 4 * 16 + 16) + 4 * 2 + 2;
        assertThat(bytes.remaining()).isEqualTo(floats * Float.BYTES);
        ModelWeights weights = RandomWeights.of(SHAPE, 11);
        assertThat(bytes.getFloat()).isEqualTo(weights.inputWeights(0)[0]);
    }

    @Test
    void rejectsWrongMagic() {
        byte[] bytes = encoded();
        bytes[0] = 'X';
        assertThatThrownBy(() -> WeightsCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("wrong magic");
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = encoded();
        ByteBuffer.wrap(bytes).putInt(4, 2);
        assertThatThrownBy(() -> WeightsCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("unsupported format version 2 (this reader knows 1)");
    }

    @Test
    void rejectsUnknownCell() {
        byte[] bytes = encoded();
        bytes[8] = 9;
        assertThatThrownBy(() -> WeightsCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown cell code 9");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] bytes = encoded();
        for (int length : new int[] {0, 3, 10, HEADER, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> WeightsCodec.decode(truncated))
                    .as("length %d", length)
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageStartingWith("truncated");
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = Arrays.copyOf(encoded(), encoded().length + 3);
        assertThatThrownBy(() -> WeightsCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("3 trailing bytes");
    }

    @Test
    void rejectsNonFiniteValuesNamingWhere() {
        byte[] bytes = encoded();
        ByteBuffer.wrap(bytes).putFloat(HEADER + 4 * Float.BYTES, Float.NaN);
        assertThatThrownBy(() -> WeightsCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("invalid weights: inputWeights[layer 0] has non-finite value NaN at index 4");
    }

    @Test
    void rejectsImpossibleShapes() {
        byte[] zeroHidden = encoded();
        ByteBuffer.wrap(zeroHidden).putInt(13, 0);
        assertThatThrownBy(() -> WeightsCodec.decode(zeroHidden))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("impossible shape: hidden must be at least 1, was 0");

        byte[] tooManyLayers = encoded();
        ByteBuffer.wrap(tooManyLayers).putInt(17, 1000);
        assertThatThrownBy(() -> WeightsCodec.decode(tooManyLayers))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("impossible shape: layers must be at most 8");
    }

    @Test
    void aHugeClaimedShapeIsTruncationNotAnAllocation() {
        byte[] bytes = encoded();
        ByteBuffer.wrap(bytes).putInt(9, Integer.MAX_VALUE);
        assertThatThrownBy(() -> WeightsCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("truncated: weights of lstm 2147483647x4x2->2");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> WeightsCodec.decode(null)).isInstanceOf(ModelFormatException.class);
    }
}
