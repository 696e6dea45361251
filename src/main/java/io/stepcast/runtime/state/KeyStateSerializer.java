package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Explicit serializer for {@link KeyState}: a format byte, then the fields in declaration order,
 * arrays as a length and their raw values. Hand-written rather than left to Flink's POJO or Kryo
 * serializers so the checkpoint layout is fixed and small, and so a later format can be read next to
 * this one (bump {@link #FORMAT} and branch on it in {@link #deserialize(DataInputView)}).
 */
public final class KeyStateSerializer extends TypeSerializerSingleton<KeyState> {
    public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();
    // format 1 (before the anomaly likelihood and lag inputs) kept per-feature error moments, format 2 had
    // no seasonal score; no release wrote either
    private static final byte FORMAT = 3;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public KeyState createInstance() {
        return new KeyState();
    }

    @Override
    public KeyState copy(KeyState from) {
        return from.copy();
    }

    @Override
    public KeyState copy(KeyState from, KeyState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyState s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(s.steps);
        out.writeLong(s.lastTs);
        out.writeLong(s.modelVersion);
        writeFloats(s.h, out);
        writeFloats(s.c, out);
        out.writeLong(s.normCount);
        writeDoubles(s.normMean, out);
        writeDoubles(s.normVar, out);
        out.writeLong(s.errCount);
        writeInts(s.errorHistogram, out);
        writeDoubles(s.recentRanks, out);
        out.writeDouble(s.surprisePeak);
        writeDoubles(s.valueMin, out);
        writeDoubles(s.valueMax, out);
        writeDoubles(s.pending, out);
        writeFloats(s.recentInputs, out);
        writeDoubles(s.lagValues, out);
        out.writeInt(s.seasonEvents);
        writeLongs(s.seasonIntervals, out);
        writeDoubles(s.seasonValues, out);
        out.writeLong(s.seasonCount);
        writeDoubles(s.seasonSums, out);
        writeDoubles(s.seasonDevMean, out);
        writeDoubles(s.seasonDevVar, out);
        writeInts(s.seasonHistogram, out);
        writeDoubles(s.seasonRanks, out);
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unknown KeyState format " + format + " (this build reads " + FORMAT + ")");
        }
        KeyState s = new KeyState();
        s.steps = in.readLong();
        s.lastTs = in.readLong();
        s.modelVersion = in.readLong();
        s.h = readFloats(in);
        s.c = readFloats(in);
        s.normCount = in.readLong();
        s.normMean = readDoubles(in);
        s.normVar = readDoubles(in);
        s.errCount = in.readLong();
        s.errorHistogram = readInts(in);
        s.recentRanks = readDoubles(in);
        s.surprisePeak = in.readDouble();
        s.valueMin = readDoubles(in);
        s.valueMax = readDoubles(in);
        s.pending = readDoubles(in);
        s.recentInputs = readFloats(in);
        s.lagValues = readDoubles(in);
        s.seasonEvents = in.readInt();
        s.seasonIntervals = readLongs(in);
        s.seasonValues = readDoubles(in);
        s.seasonCount = in.readLong();
        s.seasonSums = readDoubles(in);
        s.seasonDevMean = readDoubles(in);
        s.seasonDevVar = readDoubles(in);
        s.seasonHistogram = readInts(in);
        s.seasonRanks = readDoubles(in);
        return s;
    }

    @Override
    public KeyState deserialize(KeyState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeInts(int[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputView in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    private static void writeLongs(long[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputView in) throws IOException {
        long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    private static void writeFloats(float[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (float v : a) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputView in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    private static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputView in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    /** Flink restores the serializer from this snapshot; it has no configuration to carry. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
