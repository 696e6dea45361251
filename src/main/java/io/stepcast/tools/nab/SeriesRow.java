package io.stepcast.tools.nab;

/**
 * One row of one series file, in and out of the detection job: which file, its position in the file
 * (files may repeat or reverse timestamps, so output is aligned by row, never by time), the event
 * time and the value; {@code score} (and {@code tuned}) are filled in by the detector. A Flink POJO.
 */
public class SeriesRow {
    public String file;
    public int row;
    public long ts;
    public double value;
    public double score;
    /** After a tuning round, on the row the new model first scored: what the round chose; else null. */
    public String tuned;

    public SeriesRow() {}

    public SeriesRow(String file, int row, long ts, double value) {
        this.file = file;
        this.row = row;
        this.ts = ts;
        this.value = value;
    }

    public String getFile() {
        return file;
    }
}
