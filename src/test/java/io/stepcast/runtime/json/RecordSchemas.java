package io.stepcast.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The record contract consumers get, {@code docs/schemas/*.schema.json}, checked with a maintained
 * validator (networknt, JSON Schema draft 2020-12) rather than by reading the files ourselves: a
 * record the schema refuses is a broken contract, whichever side is wrong.
 */
public enum RecordSchemas {
    EVENT("event"),
    PREDICTION("prediction"),
    TOKEN_PREDICTION("token-prediction"),
    DEAD_LETTER("dead-letter");

    private final Path file;
    private final Schema schema;

    RecordSchemas(String name) {
        // where the README points consumers; tests run in the project folder
        this.file = Path.of("docs", "schemas", name + ".schema.json");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        try (InputStream in = Files.newInputStream(file)) {
            this.schema = registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** The validator's messages for one record; empty when the schema accepts it. */
    public List<String> problems(byte[] json) {
        return schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON).stream()
                .map(Error::toString)
                .toList();
    }

    /** Fails the test, with the validator's messages and the record, unless the schema accepts the record. */
    public void check(byte[] json) {
        assertThat(problems(json))
                .as("%s against %s", new String(json, StandardCharsets.UTF_8), file)
                .isEmpty();
    }
}
