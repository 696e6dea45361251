package io.stepcast.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KeyStateSerializerTest {
    private static final KeyStateSerializer SERIALIZER = KeyStateSerializer.INSTANCE;

    private static KeyState random(long seed, int stateSize, int cellStateSize, int features, int horizon) {
        SplittableRandom r = new SplittableRandom(seed);
        KeyState s = KeyState.fresh(stateSize, cellStateSize, features, horizon, 3 * features, 5, 4, 5 * features);
        s.steps = r.nextLong();
        s.lastTs = r.nextLong();
        s.modelVersion = r.nextLong(1, 1000);
        for (int i = 0; i < s.h.length; i++) {
            s.h[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < s.c.length; i++) {
            s.c[i] = (float) r.nextDouble(-5, 5);
        }
        s.normCount = r.nextLong(1, 1 << 20);
        s.errCount = r.nextLong(1, 1 << 20);
        fill(r, s.normMean);
        fill(r, s.normVar);
        for (int i = 0; i < s.errorHistogram.length; i++) {
            s.errorHistogram[i] = r.nextInt(0, 1 << 20);
        }
        fill(r, s.recentRanks);
        s.surprisePeak = r.nextDouble(0, 16);
        fill(r, s.valueMin);
        fill(r, s.valueMax);
        fill(r, s.pending);
        fill(r, s.lagValues);
        for (int i = 0; i < s.recentInputs.length; i++) {
            s.recentInputs[i] = (float) r.nextDouble(-8, 8);
        }
        s.seasonEvents = 7;
        s.seasonIntervals = r.longs(8).toArray();
        s.seasonValues = new double[7 * features];
        fill(r, s.seasonValues);
        s.seasonCount = r.nextLong(1, 1 << 20);
        s.seasonSums = new double[5 * features];
        fill(r, s.seasonSums);
        s.seasonDevMean = new double[features];
        fill(r, s.seasonDevMean);
        s.seasonDevVar = new double[features];
        fill(r, s.seasonDevVar);
        s.seasonHistogram = r.ints(5, 0, 1 << 20).toArray();
        s.seasonRanks = new double[3];
        fill(r, s.seasonRanks);
        return s;
    }

    private static void fill(SplittableRandom r, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble(-1e6, 1e6);
        }
    }

    private static byte[] serialize(KeyState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    private static KeyState deserialize(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        KeyState s = SERIALIZER.deserialize(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return s;
    }

    private static void assertSameState(KeyState actual, KeyState expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        // also check a few fields directly so a broken comparison cannot pass silently
        assertThat(actual.h).containsExactly(expected.h);
        assertThat(actual.c).containsExactly(expected.c);
        assertThat(actual.pending).containsExactly(expected.pending);
        assertThat(actual.recentInputs).containsExactly(expected.recentInputs);
        assertThat(actual.lagValues).containsExactly(expected.lagValues);
        assertThat(actual.seasonValues).containsExactly(expected.seasonValues);
        assertThat(actual.seasonIntervals).containsExactly(expected.seasonIntervals);
        assertThat(actual.steps).isEqualTo(expected.steps);
    }

    @Test
    void lstmStateRoundTrips() throws Exception {
        KeyState s = random(1, 2 * 16, 2 * 16, 2, 3);
        assertSameState(deserialize(serialize(s)), s);
    }

    @Test
    void rnnStateRoundTrips() throws Exception {
        KeyState s = random(2, 8, 0, 1, 1);
        KeyState back = deserialize(serialize(s));
        assertSameState(back, s);
        assertThat(back.c).isEmpty();
    }

    @Test
    void specialFloatingPointValuesRoundTripBitExactly() throws Exception {
        KeyState s = random(3, 4, 4, 1, 2);
        s.h[0] = -0.0f;
        s.h[1] = Float.MIN_VALUE;
        s.normVar[0] = Double.MIN_NORMAL;
        s.pending[1] = -0.0;
        KeyState back = deserialize(serialize(s));
        assertThat(Float.floatToRawIntBits(back.h[0])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(back.h[1]).isEqualTo(Float.MIN_VALUE);
        assertThat(back.normVar[0]).isEqualTo(Double.MIN_NORMAL);
        assertThat(Double.doubleToRawLongBits(back.pending[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void layoutIsFixed() throws Exception {
        // format byte, 3 longs, 2 float arrays, long, 2 double arrays, long, the histogram's int array,
        // the recent ranks, a double, the range's 2 double arrays, the pending double array, the
        // recent-inputs float array, the lag values' double array; then the seasonal score's int, long
        // array, value ring, long, running means, 2 deviation moment arrays, histogram and ranks
        KeyState s = random(4, 6, 6, 2, 3);
        int expected = 1 + 3 * 8 + (4 + 6 * 4) * 2 + 8 + (4 + 2 * 8) * 2 + 8 + (4 + 5 * 4) + (4 + 4 * 8) + 8
                + (4 + 2 * 8) * 2 + (4 + 6 * 8) + (4 + 6 * 4) + (4 + 10 * 8)
                + 4 + (4 + 8 * 8) + (4 + 14 * 8) + 8 + (4 + 10 * 8) + (4 + 2 * 8) * 2 + (4 + 5 * 4) + (4 + 3 * 8);
        assertThat(serialize(s)).hasSize(expected);
        assertThat(serialize(s)[0]).isEqualTo((byte) 3);
    }

    @Test
    void streamCopyReproducesTheBytes() throws Exception {
        byte[] bytes = serialize(random(5, 4, 4, 1, 1));
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.copy(new DataInputDeserializer(bytes), out);
        assertThat(out.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void copyIsDeep() throws Exception {
        KeyState s = random(6, 4, 4, 2, 2);
        KeyState copy = SERIALIZER.copy(s);
        KeyState copyWithReuse = SERIALIZER.copy(s, new KeyState());
        assertSameState(copy, s);
        assertSameState(copyWithReuse, s);
        byte[] copied = serialize(copy);

        float h0 = s.h[0];
        float c0 = s.c[0];
        double mean0 = s.normMean[0];
        double var0 = s.normVar[0];
        double re0 = s.recentRanks[0];
        int h0Count = s.errorHistogram[0];
        double min0 = s.valueMin[0];
        double max0 = s.valueMax[0];
        double p0 = s.pending[0];
        float r0 = s.recentInputs[0];
        double l0 = s.lagValues[0];
        s.h[0] += 1;
        s.c[0] += 1;
        s.normMean[0] += 1;
        s.normVar[0] += 1;
        s.recentRanks[0] += 1;
        s.errorHistogram[0] += 1;
        s.valueMin[0] += 1;
        s.valueMax[0] += 1;
        s.pending[0] += 1;
        s.recentInputs[0] += 1;
        s.lagValues[0] += 1;
        s.seasonIntervals[0] += 1;
        s.seasonValues[0] += 1;
        s.seasonSums[0] += 1;
        s.seasonDevMean[0] += 1;
        s.seasonDevVar[0] += 1;
        s.seasonHistogram[0] += 1;
        s.seasonRanks[0] += 1;
        s.steps++;
        assertThat(serialize(copy)).as("the copy after changing the original").isEqualTo(copied);
        for (KeyState c : new KeyState[] {copy, copyWithReuse}) {
            assertThat(c.h[0]).isEqualTo(h0);
            assertThat(c.c[0]).isEqualTo(c0);
            assertThat(c.normMean[0]).isEqualTo(mean0);
            assertThat(c.normVar[0]).isEqualTo(var0);
            assertThat(c.recentRanks[0]).isEqualTo(re0);
            assertThat(c.errorHistogram[0]).isEqualTo(h0Count);
            assertThat(c.valueMin[0]).isEqualTo(min0);
            assertThat(c.valueMax[0]).isEqualTo(max0);
            assertThat(c.pending[0]).isEqualTo(p0);
            assertThat(c.recentInputs[0]).isEqualTo(r0);
            assertThat(c.lagValues[0]).isEqualTo(l0);
            assertThat(c.steps).isEqualTo(s.steps - 1);
        }
    }

    @Test
    void unknownFormatIsReported() throws Exception {
        byte[] bytes = serialize(random(7, 2, 2, 1, 1));
        bytes[0] = 9;
        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void snapshotRestoresTheSerializer() throws Exception {
        TypeSerializerSnapshot<KeyState> snapshot = SERIALIZER.snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isSameAs(KeyStateSerializer.INSTANCE);

        // and through the bytes Flink writes into a checkpoint
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<KeyState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializer<KeyState> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(KeyStateSerializer.INSTANCE);
        assertThat(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
