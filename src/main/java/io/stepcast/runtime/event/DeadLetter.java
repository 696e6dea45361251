package io.stepcast.runtime.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record that could not be used: the reason, the record's bytes as received (cut to a limit, so
 * the dead letter always fits the producer's request size) and where it was in the events topic, so
 * it can be inspected and replayed. A Flink POJO.
 */
public class DeadLetter {
    /** The longest detail kept (about four lines of a console); the job file's size check counts on it. */
    public static final int DETAIL_CHARS = 300;

    public String reason;
    public String detail;
    /** The record's bytes, at most the job's {@code input.deadLetterPayloadBytes}; null for a tombstone. */
    public byte[] payload;
    /** How many bytes the record had; more than {@code payload} holds when it was cut. */
    public int payloadBytes;

    public int partition;
    public long offset;
    public long recordTimestamp;

    public DeadLetter() {}

    /**
     * A dead letter for {@code bytes} from the given coordinates, keeping at most {@code keepBytes}
     * of them; a cut falls on a UTF-8 character boundary so that text stays text. The detail is cut
     * to a fixed length, since it may quote the input.
     */
    public static DeadLetter of(
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int keepBytes,
            int partition,
            long offset,
            long recordTimestamp) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.code();
        // the detail may quote the input, unpaired surrogates included: keep it short and encodable
        d.detail = Utf8.wellFormed(detail.length() <= DETAIL_CHARS ? detail : detail.substring(0, DETAIL_CHARS) + "…");
        d.payload = bytes == null ? null : Arrays.copyOf(bytes, cutPoint(bytes, keepBytes));
        d.payloadBytes = bytes == null ? 0 : bytes.length;
        d.partition = partition;
        d.offset = offset;
        d.recordTimestamp = recordTimestamp;
        return d;
    }

    /** Whether the payload was cut. */
    public boolean truncated() {
        return payload != null && payload.length < payloadBytes;
    }

    private static int cutPoint(byte[] bytes, int keepBytes) {
        if (bytes.length <= keepBytes) {
            return bytes.length;
        }
        int cut = keepBytes;
        // step back over UTF-8 continuation bytes (10xxxxxx), at most three, to the start of a character
        for (int back = 0; back < 3 && cut > 0 && (bytes[cut] & 0xC0) == 0x80; back++) {
            cut--;
        }
        return cut;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Objects.equals(reason, d.reason)
                && Objects.equals(detail, d.detail)
                && Arrays.equals(payload, d.payload)
                && payloadBytes == d.payloadBytes
                && partition == d.partition
                && offset == d.offset
                && recordTimestamp == d.recordTimestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail, payloadBytes, partition, offset) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + detail + " @" + partition + "/" + offset + "}";
    }
}
