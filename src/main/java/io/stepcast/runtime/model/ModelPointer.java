package io.stepcast.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.runtime.spec.Cell;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What the models topic announces and the job's broadcast state holds: which weights serve, never
 * the weights themselves (broadcast state is copied into every task and every checkpoint). Each
 * subtask loads and verifies the weights behind the pointer itself.
 *
 * @param version the serving version; strictly increasing, a rollback is a new version
 * @param uri     the version's folder in the model store
 * @param sha256  checksum of the weights file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelPointer(
        long version,
        String uri,
        String sha256,
        String cell,
        Shape shape,
        String createdAt,
        Map<String, Double> metrics)
        implements Serializable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Network dimensions as announced. */
    public record Shape(int inputs, int hidden, int layers, int outputs) implements Serializable {}

    public static ModelPointer of(ModelManifest manifest, String uri) {
        return new ModelPointer(
                manifest.version(),
                uri,
                manifest.weightsSha256(),
                manifest.cell(),
                new Shape(manifest.inputs(), manifest.hidden(), manifest.layers(), manifest.outputs()),
                manifest.createdAt(),
                manifest.metrics());
    }

    /** Parses an announcement; {@link ModelFormatException} says what is missing or malformed. */
    public static ModelPointer parse(String json) {
        ModelPointer p;
        try {
            p = JSON.readValue(json, ModelPointer.class);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException("unreadable model announcement: " + e.getOriginalMessage());
        }
        if (p == null
                || p.version() < 1
                || p.uri() == null
                || p.sha256() == null
                || p.cell() == null
                || p.shape() == null) {
            throw new ModelFormatException("model announcement lacks version, uri, sha256, cell or shape: " + json);
        }
        return p;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ModelShape modelShape() {
        return new ModelShape(Cell.parse(cell), shape.inputs(), shape.hidden(), shape.layers(), shape.outputs());
    }
}
