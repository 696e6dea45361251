package io.stepcast.tools.nab;

/** An anomaly window as the rows it spans, {@code first} to {@code last} inclusive (0-based). */
public record RowWindow(int first, int last) {
    public RowWindow {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("window rows " + first + ".." + last + " are not a span of rows");
        }
    }

    public int width() {
        return last - first + 1;
    }

    public boolean contains(int row) {
        return row >= first && row <= last;
    }
}
