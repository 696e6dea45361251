package io.stepcast.tools.cluster;

import io.stepcast.runtime.model.VectorKernelJvmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The JVM options of the processes of a Flink cluster: the {@code --add-opens}/{@code --add-exports}
 * list Flink's own scripts pass on Java 17, and for TaskManagers the vector kernel's options too, or
 * the job runs the scalar kernel. The list's one source is the pom's {@code jvm.add.opens} and
 * {@code jvm.add.exports} (which also feed the jar's manifest); Maven's resource filtering writes them
 * into {@value #RESOURCE}, read here.
 */
public final class FlinkJvmOptions {
    static final String RESOURCE = "/stepcast-flink-jvm-options.properties";

    private FlinkJvmOptions() {}

    /** For every Flink JVM: JobManager, TaskManager, the command-line client. */
    public static List<String> all() {
        Properties properties = new Properties();
        try (InputStream in = FlinkJvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<String> options = new ArrayList<>();
        options.addAll(unnamedModuleAccess("--add-opens=", properties.getProperty("addOpens", "")));
        options.addAll(unnamedModuleAccess("--add-exports=", properties.getProperty("addExports", "")));
        return options;
    }

    public static List<String> taskManager() {
        return Stream.concat(all().stream(), VectorKernelJvmOptions.list().stream())
                .toList();
    }

    /** {@code java.base/java.lang} becomes {@code --add-opens=java.base/java.lang=ALL-UNNAMED}. */
    private static List<String> unnamedModuleAccess(String flag, String packages) {
        // classes built without Maven carry the file unfiltered, placeholder and all
        if (packages.isBlank() || packages.contains("${")) {
            throw new IllegalStateException(RESOURCE + " holds no packages; was it filtered by Maven? " + packages);
        }
        return Stream.of(packages.trim().split("\\s+"))
                .map(modulePackage -> flag + modulePackage + "=ALL-UNNAMED")
                .toList();
    }
}
