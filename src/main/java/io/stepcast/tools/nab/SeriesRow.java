package io.stepcast.tools.nab;

/**
 * One row of one series file, in and out of the detection job: which file, its position in the file
 * (files may repeat or reverse timestamps, so output is aligned by row, never by time), the event
 * time and the value; {@code score} is filled in by the detector. A Flink POJO.
 */
public class SeriesRow {
    public String file;
    public int row;
    public long ts;
    public double value;
    public double score;

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
