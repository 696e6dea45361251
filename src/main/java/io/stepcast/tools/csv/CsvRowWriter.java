package io.stepcast.tools.csv;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * CSV rows under a header row, written by Jackson: "\n" line ends, a value quoted only when it holds
 * a comma, a quote or a line break (a timestamp's space needs none), numbers as {@link Double#toString}
 * and {@link Long#toString} print them, so a double read back is the same double.
 */
public final class CsvRowWriter implements Closeable {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private final SequenceWriter rows;

    /** Writes the header row of {@code columns} to {@code out}, which {@link #close} closes. */
    public CsvRowWriter(Writer out, String... columns) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder();
        for (String column : columns) {
            schema.addColumn(column);
        }
        this.rows =
                CSV.writerFor(Object[].class).with(schema.build().withHeader()).writeValues(out);
    }

    /** One row, a value per column in header order. */
    public void write(Object... values) throws IOException {
        rows.write(values);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
