package io.stepcast.training.input;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Timestamps;
import io.stepcast.runtime.spec.JobSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events from a CSV file with a header row. Columns are named like the job's JSON fields: the key
 * column ({@code fields.key}), the time column ({@code fields.time}, or {@code timestamp}), and one
 * column per feature (for a single feature, {@code fields.value} works too). Without a key column
 * every row belongs to one key named after the file, which reads NAB-style {@code timestamp,value}
 * files as they are. A job with tokens reads its token column too ({@code tokens.field}).
 *
 * <p>NuPIC-style files (the format of Numenta's own NYC-taxi series) follow the header with two more
 * header rows, field types ({@code datetime,int,...}) and flags ({@code T,,...}); they are recognised
 * by the types row and skipped, so such a file reads like any other.
 */
public final class EventCsv {
    private static final Set<String> NUPIC_TYPES = Set.of("datetime", "int", "float", "string", "bool", "list", "sdr");

    private EventCsv() {}

    public static List<Event> read(Path file, JobSpec.Fields fields) throws IOException {
        return read(file, fields, null);
    }

    /** The events of {@code spec}'s job: its fields, and its token column when it has one. */
    public static List<Event> read(Path file, JobSpec spec) throws IOException {
        return read(file, spec.fields(), spec.categorical() ? spec.tokens().field() : null);
    }

    private static List<Event> read(Path file, JobSpec.Fields fields, String tokenField) throws IOException {
        String fileKey = file.getFileName().toString().replaceFirst("\\.csv$", "");
        CsvMapper mapper =
                CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();
        List<Event> events = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file);
                MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader())
                        .readValues(reader)) {
            long line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                if (line == 2 && isNupicTypesRow(row)) {
                    // the flags row follows the types row; neither holds an event
                    if (rows.hasNext()) {
                        rows.next();
                        line++;
                    }
                    continue;
                }
                try {
                    events.add(event(row, fields, tokenField, fileKey));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IOException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
        }
        return events;
    }

    private static boolean isNupicTypesRow(Map<String, String> row) {
        return row.containsValue("datetime") && NUPIC_TYPES.containsAll(row.values());
    }

    private static Event event(Map<String, String> row, JobSpec.Fields fields, String tokenField, String fileKey) {
        String key = row.getOrDefault(fields.key(), fileKey);
        String time = row.containsKey(fields.time()) ? row.get(fields.time()) : row.get("timestamp");
        if (time == null) {
            throw new IllegalArgumentException("no '" + fields.time() + "' or 'timestamp' column");
        }
        List<String> features = fields.features();
        double[] values = new double[features.size()];
        for (int f = 0; f < values.length; f++) {
            String text = row.get(features.get(f));
            if (text == null && features.size() == 1) {
                text = row.get(fields.value());
            }
            if (text == null) {
                throw new IllegalArgumentException("no column for feature '" + features.get(f) + "'");
            }
            values[f] = Double.parseDouble(text);
            if (!Double.isFinite(values[f])) {
                throw new IllegalArgumentException("'" + features.get(f) + "' is " + text + ", not a finite number");
            }
        }
        Event event = new Event(key, Timestamps.parse(time), values);
        if (tokenField != null) {
            String token = row.get(tokenField);
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("no token in column '" + tokenField + "'");
            }
            event.token = token;
        }
        return event;
    }
}
