package io.stepcast.tools.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a started process logs: into its own file, through a log4j 2 configuration named on its
 * command line as Flink's scripts do. Without one, log4j would pick the first configuration on the
 * class path (kafka-test-common-runtime's), and write INFO to the output file.
 */
final class ProcessLogging {
    private static final String DEFAULT_CONFIG = "/stepcast-process-log4j2.properties";

    private ProcessLogging() {}

    /** Writes the project's default configuration: everything at INFO into the file named by {@code -Dlog.file}. */
    static void writeDefaultConfig(Path file) {
        try (InputStream in = ProcessLogging.class.getResourceAsStream(DEFAULT_CONFIG)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_CONFIG + " is missing from the class path");
            }
            Files.createDirectories(file.getParent());
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static List<String> jvmOptions(Path config, Path logFile) {
        return List.of("-Dlog.file=" + logFile, "-Dlog4j.configurationFile=" + config);
    }
}
