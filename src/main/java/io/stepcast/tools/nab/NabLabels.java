package io.stepcast.tools.nab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.runtime.event.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NAB's label windows ({@code labels/combined_windows.json}): for each data file, keyed
 * {@code "category/file.csv"}, a list of {@code ["start", "end"]} timestamp pairs, both inclusive.
 *
 * <p>A window covers the rows whose timestamp lies within [start, end], as NAB's labeller marks them;
 * it is the span from the first such row to the last. NAB's sweep instead enters a window at the row
 * whose timestamp equals the start and leaves it at the row equal to the end (its labeller refuses
 * labels whose ends are not timestamps of the file); on such files, the NAB corpus's, the two agree.
 */
public final class NabLabels {
    private static final TypeReference<Map<String, List<List<String>>>> WINDOWS_JSON = new TypeReference<>() {};

    private final Path source;
    private final Map<String, List<TimeWindow>> windows;

    /** A label window in epoch milliseconds, both ends inclusive. */
    record TimeWindow(long start, long end) {
        @Override
        public String toString() {
            return "[" + Instant.ofEpochMilli(start) + ", " + Instant.ofEpochMilli(end) + "]";
        }
    }

    private NabLabels(Path source, Map<String, List<TimeWindow>> windows) {
        this.source = source;
        this.windows = windows;
    }

    public static NabLabels read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such labels file");
        }
        Map<String, List<List<String>>> json;
        try {
            json = JsonMapper.builder().build().readValue(file.toFile(), WINDOWS_JSON);
        } catch (IOException e) {
            throw new IOException(
                    file + ": not NAB label windows (a JSON object of [start, end] lists): " + e.getMessage(), e);
        }
        Map<String, List<TimeWindow>> windows = new LinkedHashMap<>();
        for (Map.Entry<String, List<List<String>>> entry : json.entrySet()) {
            if (entry.getValue() == null) {
                throw new IOException(file + ": " + entry.getKey() + " has no list of windows");
            }
            List<TimeWindow> parsed = new ArrayList<>();
            for (List<String> pair : entry.getValue()) {
                parsed.add(window(file, entry.getKey(), pair));
            }
            windows.put(entry.getKey(), List.copyOf(parsed));
        }
        return new NabLabels(file, windows);
    }

    private static TimeWindow window(Path file, String dataFile, List<String> pair) throws IOException {
        try {
            if (pair == null || pair.size() != 2) {
                throw new IllegalArgumentException("a window must be a [start, end] pair");
            }
            TimeWindow window = new TimeWindow(Timestamps.parse(pair.get(0)), Timestamps.parse(pair.get(1)));
            if (window.end() < window.start()) {
                throw new IllegalArgumentException("the window ends before it starts");
            }
            return window;
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IOException(file + ": " + dataFile + " window " + pair + ": " + e.getMessage(), e);
        }
    }

    public Path source() {
        return source;
    }

    /** The labelled data files, {@code category/file.csv}. */
    public Set<String> files() {
        return windows.keySet();
    }

    /** The file's windows as row spans, given the timestamp (epoch ms) of every row of its data file. */
    public List<RowWindow> rowWindows(String dataFile, long[] timestamps) {
        List<TimeWindow> labelled = windows.get(dataFile);
        if (labelled == null) {
            throw new IllegalArgumentException("the labels " + source + " have no entry for " + dataFile);
        }
        List<RowWindow> rows = new ArrayList<>();
        for (TimeWindow window : labelled) {
            int first = -1;
            int last = -1;
            for (int row = 0; row < timestamps.length; row++) {
                if (timestamps[row] >= window.start() && timestamps[row] <= window.end()) {
                    first = first < 0 ? row : first;
                    last = row;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("the labels " + source + " give " + dataFile + " the window "
                        + window + ", which holds none of its rows");
            }
            rows.add(new RowWindow(first, last));
        }
        return rows;
    }
}
