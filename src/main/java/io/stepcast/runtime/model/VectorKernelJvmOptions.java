package io.stepcast.runtime.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options the vector kernel needs: the module {@code jdk.incubator.vector}, and JIT options so
 * that it allocates nothing per step (see {@code VectorKernel.activate}). {@code java -jar stepcast.jar}
 * relaunches itself with them; a Flink TaskManager running the job needs them in its JVM options
 * ({@code env.java.opts.taskmanager}) too, or the job runs the scalar kernel.
 *
 * <p>Their one source is the pom's {@code vector.kernel.jvmOptions}, which also starts the test JVMs;
 * Maven's resource filtering writes it into {@value #RESOURCE}, read here, so code and build cannot
 * drift apart. Read on demand, not in a static initialiser: a missing file must not stop a kernel from
 * loading.
 */
public final class VectorKernelJvmOptions {
    static final String RESOURCE = "/stepcast-vector-kernel.properties";

    private VectorKernelJvmOptions() {}

    public static List<String> list() {
        Properties properties = new Properties();
        try (InputStream in = VectorKernelJvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String options = properties.getProperty("jvmOptions", "").trim();
        // classes built without Maven carry the file unfiltered, placeholder and all
        if (options.isEmpty() || options.contains("${")) {
            throw new IllegalStateException(RESOURCE + " holds no options; was it filtered by Maven? " + options);
        }
        return List.of(options.split("\\s+"));
    }
}
