package io.stepcast.tools.nab;

import io.stepcast.runtime.event.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Joins a detector's NAB results with the corpus: every results file
 * {@code RESULTS/<detector>/<category>/<detector>_<file>.csv} (columns
 * {@code timestamp,value,anomaly_score}) with its data file {@code DATA/<category>/<file>.csv} and its
 * label windows. Results align with data by row, never by timestamp: some NAB files repeat or step
 * back in time. The data file's timestamps only place the label windows.
 *
 * <p>The corpus is the labels file: every labelled file needs results and every results file needs
 * labels, so the perfect and null scores count the same windows as the detector's score. CSV files
 * directly in the detector's folder are NAB's own score summaries and are not results.
 *
 * <p>EVALUATION.md's format rules are enforced where NAB's code takes anything: an anomaly score must be
 * a number in [0, 1], and a detector name must not contain {@code _} or {@code .}.
 */
public final class NabCorpusReader {
    /** The detector whose results are scored when none is named and the results folder holds several: ours. */
    public static final String DEFAULT_DETECTOR = NabDetection.DETECTOR;

    private static final String ANOMALY_SCORE = "anomaly_score";
    private static final String TIMESTAMP = "timestamp";
    private static final String CSV = ".csv";
    /** Results lie at {@code <detector>/<category>/<file>}: two levels below the detector's folder. */
    private static final int RESULTS_DEPTH = 2;

    private final Path dataDir;
    private final NabLabels labels;

    public NabCorpusReader(Path dataDir, NabLabels labels) {
        this.dataDir = dataDir;
        this.labels = labels;
    }

    /** The only detector folder in {@code results}, or {@link #DEFAULT_DETECTOR} among several. */
    public static String defaultDetector(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            throw new IOException(results + ": no such results folder");
        }
        List<String> detectors;
        try (Stream<Path> children = Files.list(results)) {
            detectors = children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
        if (detectors.size() == 1) {
            return detectors.get(0);
        }
        if (detectors.contains(DEFAULT_DETECTOR)) {
            return DEFAULT_DETECTOR;
        }
        throw new IllegalArgumentException(
                results + " holds the detector folders " + detectors + "; name one with --detector");
    }

    /** Every labelled file's results as scored files, in file-name order. */
    public List<ScoredFile> read(Path results, String detector) throws IOException {
        if (detector.contains("_") || detector.contains(".")) {
            throw new IllegalArgumentException("detector name '" + detector
                    + "' must not contain '_' or '.': NAB splits results file names on them");
        }
        Map<String, Path> resultFiles = resultFiles(results.resolve(detector), detector);
        for (String labelled : labels.files()) {
            if (!resultFiles.containsKey(labelled)) {
                throw new IllegalArgumentException("no results for " + labelled + ": expected "
                        + NabCorpus.resultPath(results, detector, labelled));
            }
        }
        List<ScoredFile> files = new ArrayList<>();
        for (Map.Entry<String, Path> entry : resultFiles.entrySet()) {
            files.add(scoredFile(entry.getKey(), entry.getValue()));
        }
        return files;
    }

    /** Results files by the data file they score, {@code category/file.csv}. */
    private Map<String, Path> resultFiles(Path detectorDir, String detector) throws IOException {
        if (!Files.isDirectory(detectorDir)) {
            throw new IOException(detectorDir + ": no such results folder");
        }
        String prefix = detector + "_";
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> found = Files.find(
                detectorDir,
                RESULTS_DEPTH,
                (path, attributes) -> attributes.isRegularFile()
                        && detectorDir.relativize(path).getNameCount() == RESULTS_DEPTH
                        && path.toString().endsWith(CSV))) {
            for (Path path : found.toList()) {
                String fileName = path.getFileName().toString();
                if (!fileName.startsWith(prefix)) {
                    throw new IllegalArgumentException(path + " is not named " + prefix + "<data file>" + CSV);
                }
                String dataFile = path.getParent().getFileName() + "/" + fileName.substring(prefix.length());
                if (!labels.files().contains(dataFile)) {
                    throw new IllegalArgumentException("the labels " + labels.source() + " have no entry for "
                            + dataFile + " (results file " + path + ")");
                }
                files.put(dataFile, path);
            }
        }
        return files;
    }

    private ScoredFile scoredFile(String dataFile, Path resultsFile) throws IOException {
        Path data = dataDir.resolve(dataFile);
        if (!Files.isRegularFile(data)) {
            throw new IOException("results file " + resultsFile + " has no data file: " + data + " does not exist");
        }
        long[] timestamps = NabCsv.column(data, TIMESTAMP, Timestamps::parse).stream()
                .mapToLong(Long::longValue)
                .toArray();
        double[] scores = NabCsv.column(resultsFile, ANOMALY_SCORE, NabCorpusReader::anomalyScore).stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (scores.length != timestamps.length) {
            throw new IllegalArgumentException(resultsFile + " has " + scores.length + " rows but its data file " + data
                    + " has " + timestamps.length + "; results must match the data row by row");
        }
        return new ScoredFile(dataFile, scores, labels.rowWindows(dataFile, timestamps));
    }

    private static double anomalyScore(String text) {
        double score;
        try {
            score = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            score = Double.NaN;
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException(ANOMALY_SCORE + " '" + text + "' is not a number in [0, 1]");
        }
        return score;
    }
}
