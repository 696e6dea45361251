package io.stepcast.runtime.event;

/**
 * One record of the events topic as it arrived, before any parsing: its value's bytes (null for a
 * tombstone) and where it came from, so that a record the job cannot use is dead-lettered with the
 * original bytes and its coordinates. The record timestamp is when the record was produced (or
 * appended by the broker): the job's stand-in for "now" that is the same on every replay. A Flink
 * POJO.
 */
public class InputRecord {
    public byte[] value;
    public int partition;
    public long offset;
    public long timestamp;

    public InputRecord() {}

    public InputRecord(byte[] value, int partition, long offset, long timestamp) {
        this.value = value;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
    }
}
