package io.stepcast.tools.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Flink configuration folder for one run of a cluster: the files of a given folder (the project's
 * {@code config/flink}), its {@code config.yaml} with this run's own values (addresses, ports, folders)
 * on top, and a log4j configuration writing to each process's {@code -Dlog.file} if the folder has none.
 * The given folder is never changed, so runs side by side do not disturb each other.
 */
final class FlinkConfDir {
    static final String CONFIG_FILE = "config.yaml";
    static final String LOG_CONFIG_FILE = "log4j.properties";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    private FlinkConfDir() {}

    /** Writes {@code target} from {@code source} with {@code settings} replacing the file's values of the same keys. */
    static Path prepare(Path source, Path target, Map<String, String> settings) {
        Path sourceConfig = source.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(sourceConfig)) {
            throw new IllegalArgumentException("no Flink configuration " + sourceConfig);
        }
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Map<String, Object> config = flatKeys(sourceConfig);
            config.putAll(settings);
            YAML.writeValue(target.resolve(CONFIG_FILE).toFile(), config);
            if (!Files.exists(target.resolve(LOG_CONFIG_FILE))) {
                ProcessLogging.writeDefaultConfig(target.resolve(LOG_CONFIG_FILE));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Flink configuration " + target, e);
        }
    }

    /**
     * The JVM options that send a process's log to {@code logFile} through the folder's log4j
     * configuration, as Flink's scripts set them.
     */
    static List<String> logTo(Path confDir, Path logFile) {
        return ProcessLogging.jvmOptions(confDir.resolve(LOG_CONFIG_FILE), logFile);
    }

    /**
     * The file's settings with nested keys joined by dots ({@code rest: {port: 8081}} as
     * {@code rest.port}), as Flink reads them: so that a run's {@code rest.port} replaces the file's
     * instead of standing beside it.
     */
    private static Map<String, Object> flatKeys(Path file) throws IOException {
        Map<String, Object> nested = YAML.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        Map<String, Object> flat = new TreeMap<>();
        if (nested != null) {
            flatten("", nested, flat);
        }
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> nested, Map<String, Object> flat) {
        nested.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> inner) {
                flatten(name + ".", inner, flat);
            } else {
                flat.put(name, value);
            }
        });
    }
}
