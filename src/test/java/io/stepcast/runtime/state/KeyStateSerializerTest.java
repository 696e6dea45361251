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
        return new KeyState(
                r.nextLong(),
                r.nextLong(),
                r.nextLong(),
                new RecurrentState(r.nextLong(1, 1000), floats(r, stateSize, 1), floats(r, cellStateSize, 5)),
                new Normaliser(r.nextLong(1, 1 << 20), doubles(r, features), doubles(r, features)),
                new ErrorStatistics(
                        r.nextLong(1, 1 << 20),
                        new RankHistory(r.ints(5, 0, 1 << 20).toArray(), doubles(r, 4)),
                        r.nextDouble(0, 16),
                        doubles(r, features),
                        doubles(r, features)),
                new PendingPredictions(doubles(r, features * horizon)),
                new RecentInputs(floats(r, 3 * features, 8)),
                new LagRing(r.nextLong(1, 1 << 20), doubles(r, 5 * features)),
                new SeasonalStatistics(
                        7,
                        r.longs(8).toArray(),
                        doubles(r, 7 * features),
                        r.nextLong(1, 1 << 20),
                        doubles(r, 5 * features),
                        doubles(r, features),
                        doubles(r, features),
                        new RankHistory(r.ints(5, 0, 1 << 20).toArray(), doubles(r, 3))));
    }

    private static float[] floats(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-scale, scale);
        }
        return a;
    }

    private static double[] doubles(SplittableRandom r, int n) {
        double[] a = new double[n];
        fill(r, a);
        return a;
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

    private static void assertSameState(KeyState actual, KeyState expected) throws IOException {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        // also compare the bytes so a broken comparison cannot pass silently
        assertThat(serialize(actual)).isEqualTo(serialize(expected));
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
        assertThat(back.recurrent().c()).isEmpty();
    }

    @Test
    void specialFloatingPointValuesRoundTripBitExactly() throws Exception {
        KeyState s = random(3, 4, 4, 1, 2);
        s.recurrent().h()[0] = -0.0f;
        s.recurrent().h()[1] = Float.MIN_VALUE;
        KeyState back = deserialize(serialize(s));
        assertThat(Float.floatToRawIntBits(back.recurrent().h()[0])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(back.recurrent().h()[1]).isEqualTo(Float.MIN_VALUE);
    }

    @Test
    void layoutIsFixed() throws Exception {
        // format byte, 4 longs (steps, last event time, last record time (new in format 5), and the
        // recurrent state's model version), 2 float arrays, long, 2 double arrays, long, the histogram's int array,
        // the recent ranks, a double, the range's 2 double arrays, the pending double array, the
        // recent-inputs float array, the lag values' double array and their count (new in format 4);
        // then the seasonal score's int, long array, value ring, long, running means, 2 deviation
        // moment arrays, histogram and ranks
        KeyState s = random(4, 6, 6, 2, 3);
        int expected = 1
                + 4 * 8
                + (4 + 6 * 4) * 2
                + 8
                + (4 + 2 * 8) * 2
                + 8
                + (4 + 5 * 4)
                + (4 + 4 * 8)
                + 8
                + (4 + 2 * 8) * 2
                + (4 + 6 * 8)
                + (4 + 6 * 4)
                + (4 + 10 * 8)
                + 8
                + 4
                + (4 + 8 * 8)
                + (4 + 14 * 8)
                + 8
                + (4 + 10 * 8)
                + (4 + 2 * 8) * 2
                + (4 + 5 * 4)
                + (4 + 3 * 8);
        assertThat(serialize(s)).hasSize(expected);
        assertThat(serialize(s)[0]).isEqualTo((byte) 5);
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
        KeyState copyWithReuse = SERIALIZER.copy(s, SERIALIZER.createInstance());
        assertSameState(copy, s);
        assertSameState(copyWithReuse, s);
        byte[] copied = serialize(copy);

        // change every part of the original through its own methods
        s.beginStep();
        s.endStep(s.lastTs() + 1, s.lastRecordTs() + 1);
        s.recurrent().h()[0] += 1;
        s.recurrent().c()[0] += 1;
        s.recurrent().computedBy(s.recurrent().modelVersion() + 1);
        s.normaliser().fold(new double[] {1, 2}, 10, true);
        s.errors().ranks().putRank(0, 0.5);
        s.errors().ranks().count(0);
        s.errors().setSurprisePeak(s.errors().surprisePeak() + 1);
        s.errors().learnRange(new double[] {1e9, -1e9});
        s.errors().countError();
        s.pending().remember(0, new double[] {7, 7});
        s.recentInputs().remember(1, new float[] {7, 7});
        s.lags().add(new double[] {7, 7});
        s.season().learnPair(new double[] {7, 7}, 3, 10);
        s.season().ranks().count(0);
        s.season().remember(new double[] {7, 7});
        assertThat(serialize(s)).isNotEqualTo(copied);
        assertThat(serialize(copy)).as("the copy after changing the original").isEqualTo(copied);
        assertThat(serialize(copyWithReuse))
                .as("the copy after changing the original")
                .isEqualTo(copied);
    }

    @Test
    void format3RecordsReadWithTheNormalisersCountAsTheLagRings() throws Exception {
        KeyState s = random(8, 4, 4, 2, 3);
        // in real states both count the encoded events; format 3 relied on that and kept only one
        long encoded = s.normaliser().count();
        KeyState real = new KeyState(
                s.steps(),
                s.lastTs(),
                KeyState.UNKNOWN_RECORD_TS, // as every state read from format 3 or 4
                s.recurrent(),
                s.normaliser(),
                s.errors(),
                s.pending(),
                s.recentInputs(),
                new LagRing(encoded, doubles(new SplittableRandom(8), 5 * 2)),
                s.season());
        byte[] format5 = serialize(real);
        byte[] format3 = withoutLagCount(withoutRecordTs(format5), real.season());

        KeyState back = deserialize(format3);
        assertThat(back).extracting("lags.added").isEqualTo(encoded);
        assertThat(serialize(back)).as("rewritten in the current format").isEqualTo(format5);
    }

    @Test
    void format4RecordsReadWithAnUnknownRecordTime() throws Exception {
        KeyState s = random(9, 4, 4, 2, 3);
        byte[] format4 = withoutRecordTs(serialize(s));

        KeyState back = deserialize(format4);
        assertThat(back.lastRecordTs()).isEqualTo(KeyState.UNKNOWN_RECORD_TS);
        assertThat(back.lastTs()).isEqualTo(s.lastTs());
        assertThat(withoutRecordTs(serialize(back)))
                .as("everything else as it was")
                .isEqualTo(format4);
    }

    /** A format-5 record as format 4 wrote it: format byte 4, and no record timestamp after the last event time. */
    private static byte[] withoutRecordTs(byte[] format5) {
        int recordTsAt = 1 + 8 + 8; // format byte, steps, last event time
        byte[] format4 = new byte[format5.length - 8];
        System.arraycopy(format5, 0, format4, 0, recordTsAt);
        System.arraycopy(format5, recordTsAt + 8, format4, recordTsAt, format5.length - recordTsAt - 8);
        format4[0] = 4;
        return format4;
    }

    /** A format-4 record as format 3 wrote it: format byte 3, and no lag-ring count before the season part. */
    private static byte[] withoutLagCount(byte[] format4, SeasonalStatistics season) throws IOException {
        DataOutputSerializer seasonBytes = new DataOutputSerializer(64);
        season.write(seasonBytes);
        int seasonStart = format4.length - seasonBytes.length();
        byte[] format3 = new byte[format4.length - 8];
        System.arraycopy(format4, 0, format3, 0, seasonStart - 8);
        System.arraycopy(format4, seasonStart, format3, seasonStart - 8, seasonBytes.length());
        format3[0] = 3;
        return format3;
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
        assertThat(SERIALIZER
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(read)
                        .isCompatibleAsIs())
                .isTrue();
    }
}
