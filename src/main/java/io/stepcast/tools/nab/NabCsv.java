package io.stepcast.tools.nab;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One named column of a NAB CSV file (a header row, then one row per record). Rows are read as
 * plain string arrays so a file's other columns, whatever they hold, never stop the read; a bad value
 * is reported with the file and its line (the header is line 1).
 */
final class NabCsv {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private NabCsv() {}

    static <T> List<T> column(Path file, String column, Function<String, T> parse) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        try (Reader reader = Files.newBufferedReader(file);
                MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(reader)) {
            if (!rows.hasNext()) {
                throw new IOException(file + " is empty; expected a header row naming '" + column + "'");
            }
            int index = Arrays.asList(rows.next()).indexOf(column);
            if (index < 0) {
                throw new IOException(file + " has no '" + column + "' column in its header");
            }
            List<T> values = new ArrayList<>();
            for (long line = 2; rows.hasNext(); line++) {
                String[] row = rows.next();
                if (row.length <= 1 && String.join("", row).isEmpty()) {
                    continue; // a blank line (one empty cell) is no row, as NAB's pandas reads it
                }
                try {
                    if (index >= row.length) {
                        throw new IllegalArgumentException("no '" + column + "' value");
                    }
                    values.add(parse.apply(row[index]));
                } catch (IllegalArgumentException | DateTimeException e) {
                    throw new IOException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
            return values;
        }
    }
}
