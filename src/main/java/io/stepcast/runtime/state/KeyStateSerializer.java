package io.stepcast.runtime.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Explicit serializer for {@link KeyState}: a format byte, the step count, last event time and last
 * record timestamp, then
 * each part in turn, each writing and reading its own fields (arrays as a length and their raw
 * values). Hand-written rather than left to Flink's POJO or Kryo serializers so the checkpoint layout
 * is fixed and small.
 *
 * <p><b>Formats.</b> 3: what release 7eae32d wrote. 4: the lag ring writes its own event count
 * after its values; format 3 had none, the normaliser's count (always equal) stood for it. 5
 * (current): the last event's Kafka record timestamp follows the last event time; formats 3 and 4
 * read it as {@link KeyState#UNKNOWN_RECORD_TS}.
 * Formats 1 and 2 were never released.
 *
 * <p><b>How old state is kept.</b> Every record starts with its format byte, so this one serializer
 * reads every format it has ever written and {@link #deserialize(DataInputView)} branches on the byte;
 * what it writes is always the current format. Old records are therefore upgraded lazily, as each key
 * is next written (and by {@link #copy(DataInputView, DataOutputView)}), and the serializer snapshot
 * stays {@code compatibleAsIs}: the records restored need no other serializer to be read, and RocksDB
 * is spared a migration pass over every key at restore. (Flink's {@code compatibleAfterMigration}
 * would be the choice only if a record could not tell its own format: then the snapshot would have
 * to carry a version and restore a serializer for the old layout.) The next format change:
 * <ol>
 *   <li>bump {@link #FORMAT} and say above what the new format adds;</li>
 *   <li>change the part's {@code write}/{@code read}; keep reading the previous layout in a
 *       {@code readFormatN} method of that part, which fills what is new from what the old format
 *       had, and call it from {@link #deserialize(DataInputView)} for records of that format;</li>
 *   <li>keep the {@link Snapshot} class and its name: savepoints name it;</li>
 *   <li>add a fixture written by the previous release (an operator snapshot, like
 *       {@code src/test/resources/state/predictor-format4.snapshot}, and what that release emitted
 *       after restoring it) and its name to {@code KeyStateRestoreTest}, which restores every kept
 *       format.</li>
 * </ol>
 * Never change what an old format's bytes mean.
 */
public final class KeyStateSerializer extends TypeSerializerSingleton<KeyState> {
    public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();
    /** The oldest format this build reads. */
    private static final byte FORMAT_3 = 3;

    private static final byte FORMAT_4 = 4;
    private static final byte FORMAT_5 = 5;
    /** The format written. */
    private static final byte FORMAT = FORMAT_5;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public KeyState createInstance() {
        return KeyState.fresh(0, 0, 0, 1, 0, 0, 0, 0);
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
        out.writeLong(s.steps());
        out.writeLong(s.lastTs());
        out.writeLong(s.lastRecordTs());
        s.recurrent().write(out);
        s.normaliser().write(out);
        s.errors().write(out);
        s.pending().write(out);
        s.recentInputs().write(out);
        s.lags().write(out);
        s.season().write(out);
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        if (format < FORMAT_3 || format > FORMAT) {
            throw new IOException(
                    "unknown KeyState format " + format + " (this build reads " + FORMAT_3 + " to " + FORMAT + ")");
        }
        long steps = in.readLong();
        long lastTs = in.readLong();
        long lastRecordTs = format >= FORMAT_5 ? in.readLong() : KeyState.UNKNOWN_RECORD_TS;
        RecurrentState recurrent = RecurrentState.read(in);
        Normaliser normaliser = Normaliser.read(in);
        ErrorStatistics errors = ErrorStatistics.read(in);
        PendingPredictions pending = PendingPredictions.read(in);
        RecentInputs recentInputs = RecentInputs.read(in);
        LagRing lags = format < FORMAT_4 ? LagRing.readFormat3(in, normaliser.count()) : LagRing.read(in);
        SeasonalStatistics season = SeasonalStatistics.read(in);
        return new KeyState(
                steps, lastTs, lastRecordTs, recurrent, normaliser, errors, pending, recentInputs, lags, season);
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

    /**
     * Flink restores the serializer from this snapshot; it has no configuration to carry, since every
     * record names its own format (see the class comment). Savepoints name this class: keep it.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
