package io.stepcast.runtime.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads job files. Unknown fields are errors (a typo must not silently fall back to a default), and
 * every error names the field it is about, e.g. {@code jobs/x.yaml: model.hidden: must be between 1
 * and 4096, got 0}. Enum values are written in lower case with dashes ({@code at-least-once},
 * {@code hour-of-day}) and read case-insensitively.
 */
public final class JobSpecLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .propertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
            .addModule(EnumNames.module())
            .build();

    private JobSpecLoader() {}

    /**
     * Loads {@code location} from disk when such a file exists, else the job file of that name bundled
     * in the jar: {@code jobs/demo.yaml} works from the project folder and from anywhere else.
     */
    public static JobSpec loadOrBundled(String location) {
        return load(Files.exists(Path.of(location)) ? location : "classpath:" + location);
    }

    /**
     * Loads a job file from a local path, any Flink file system URI ({@code file:///jobs/x.yaml},
     * {@code s3://bucket/x.yaml}, given the cluster's file system plugin) or the classpath
     * ({@code classpath:jobs/demo.yaml}).
     */
    public static JobSpec load(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            try (InputStream in = JobSpecLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new InvalidJobSpecException(location + ": no such resource");
                }
                return parse(location, in.readAllBytes());
            } catch (IOException e) {
                throw new InvalidJobSpecException(location + ": " + e.getMessage(), e);
            }
        }
        return parse(location, read(location));
    }

    /**
     * Through Flink's file systems rather than java.nio, so that a job submitted to a cluster reads its
     * job file from wherever the cluster's jobs read their files.
     */
    private static byte[] read(String location) {
        try {
            org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(location);
            FileSystem fs = path.getFileSystem();
            if (!fs.exists(path) || fs.getFileStatus(path).isDir()) {
                throw new InvalidJobSpecException(location + ": no such job file");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidJobSpecException(location + ": " + e.getMessage(), e);
        }
    }

    /** Parses job YAML; {@code origin} names the source in error messages. */
    public static JobSpec parse(String origin, byte[] yaml) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            // an empty document has no first token; readValue would only say "No content to map"
            JobSpec spec = parser.nextToken() == null ? null : YAML.readValue(parser, JobSpec.class);
            if (spec == null) {
                throw new InvalidJobSpecException(origin + ": the job file is empty");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidJobSpecException(
                    origin + ": " + path(e) + ": unknown field; known fields: "
                            + e.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", ")),
                    e);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String where = path(e);
            if (cause instanceof IllegalArgumentException iae) {
                // thrown by a record's validation: its message starts with the full field name
                throw new InvalidJobSpecException(origin + ": " + iae.getMessage(), e);
            }
            throw new InvalidJobSpecException(
                    origin + ": " + (where.isEmpty() ? "" : where + ": ")
                            + e.getOriginalMessage().lines().findFirst().orElse("invalid value"),
                    e);
        } catch (IOException e) {
            throw new InvalidJobSpecException(
                    origin + ": not valid YAML: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
