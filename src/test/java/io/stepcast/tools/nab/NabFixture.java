package io.stepcast.tools.nab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes small NAB corpora in NAB's layout: data, label windows and a detector's results. */
public final class NabFixture {
    private static final LocalDateTime START = LocalDateTime.of(2014, 4, 1, 0, 0);
    private static final int MINUTES_PER_ROW = 5;
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter LABEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private NabFixture() {}

    /** The timestamp of a fixture row, five minutes apart. */
    public static LocalDateTime time(int row) {
        return START.plusMinutes((long) row * MINUTES_PER_ROW);
    }

    /** A data file and the detector's results for it, one row per score. */
    public static void writeDataAndResults(Path root, String detector, String file, double[] scores)
            throws IOException {
        writeData(root, file, scores.length);
        writeResults(root, detector, file, scores);
    }

    /** {@code root/data/<file>} with {@code rows} rows. */
    public static void writeData(Path root, String file, int rows) throws IOException {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int row = 0; row < rows; row++) {
            lines.add(time(row).format(DATA_TIME) + "," + row);
        }
        write(root.resolve("data").resolve(file), lines);
    }

    /** {@code root/labels/combined_windows.json}, where NAB keeps its label windows. */
    public static Path labelsFile(Path root) {
        return root.resolve("labels").resolve("combined_windows.json");
    }

    /** The {@link #labelsFile}: each file's windows as [first row, last row] pairs. */
    public static void writeLabels(Path root, Map<String, List<RowWindow>> windows) throws IOException {
        String json = windows.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": ["
                        + e.getValue().stream()
                                .map(w -> "[\"" + time(w.first()).format(LABEL_TIME) + "\", \""
                                        + time(w.last()).format(LABEL_TIME) + "\"]")
                                .collect(Collectors.joining(", "))
                        + "]")
                .collect(Collectors.joining(",\n", "{\n", "\n}\n"));
        write(labelsFile(root), List.of(json));
    }

    /** {@code root/results/<detector>/<category>/<detector>_<file>.csv} with one row per score. */
    public static void writeResults(Path root, String detector, String file, double[] scores) throws IOException {
        List<String> lines = new ArrayList<>(List.of("timestamp,value,anomaly_score"));
        for (int row = 0; row < scores.length; row++) {
            lines.add(time(row).format(DATA_TIME) + "," + row + "," + scores[row]);
        }
        write(resultsFile(root, detector, file), lines);
    }

    public static Path resultsFile(Path root, String detector, String file) {
        Path data = Path.of(file);
        return root.resolve("results")
                .resolve(detector)
                .resolve(data.resolveSibling(detector + "_" + data.getFileName()));
    }

    /** Scores of a file that fire (1) at the given rows and are 0 elsewhere. */
    public static double[] firingAt(int rows, int... firing) {
        double[] scores = new double[rows];
        for (int row : firing) {
            scores[row] = 1;
        }
        return scores;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }
}
