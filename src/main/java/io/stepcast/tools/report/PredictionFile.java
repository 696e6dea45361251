package io.stepcast.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.runtime.json.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of prediction records, one JSON object per line as {@code read} prints them. It needs no job
 * file: the feature names are those of the first record's {@code observed} object.
 */
public final class PredictionFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionFile() {}

    public static ReportData read(Path file) throws IOException {
        ReportData data = null;
        JsonCodec codec = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] json = line.getBytes(StandardCharsets.UTF_8);
                try {
                    if (codec == null) {
                        codec = new JsonCodec(featureNames(json));
                        data = new ReportData(codec.features());
                    }
                    data.add(codec.readPrediction(json));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return data == null ? new ReportData(List.of()) : data;
    }

    private static List<String> featureNames(byte[] firstRecord) throws IOException {
        JsonNode observed = JSON.readTree(firstRecord).path("observed");
        if (!observed.isObject() || observed.isEmpty()) {
            throw new IOException("not a Stepcast prediction: no 'observed' values");
        }
        List<String> names = new ArrayList<>();
        observed.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
