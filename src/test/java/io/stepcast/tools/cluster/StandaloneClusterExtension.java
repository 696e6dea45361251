package io.stepcast.tools.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A standalone Flink cluster of OS processes for one test class, configured by the test's own
 * {@code config.yaml} settings; stopped after the class's tests (and by {@link LiveProcesses}' hook
 * should the test JVM stop first). Its work folder stays under {@code target/} with the processes'
 * logs, for a failure to be read.
 */
public final class StandaloneClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final int taskManagers;
    private final Map<String, String> config;
    private StandaloneCluster cluster;

    public StandaloneClusterExtension(int taskManagers, Map<String, String> config) {
        this.taskManagers = taskManagers;
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "cluster-tests"));
        Path run = Files.createTempDirectory(
                workDir, context.getRequiredTestClass().getSimpleName() + "-");
        Path source = Files.createDirectories(run.resolve("config-source"));
        Files.writeString(
                source.resolve(FlinkConfDir.CONFIG_FILE),
                config.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        cluster = StandaloneCluster.start(
                new StandaloneCluster.Settings(source, run.resolve("flink"), taskManagers, 0, Map.of()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }

    public StandaloneCluster cluster() {
        return cluster;
    }
}
