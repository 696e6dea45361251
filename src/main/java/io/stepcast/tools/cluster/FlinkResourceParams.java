package io.stepcast.tools.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What Flink's shell scripts compute from the configuration before they start a JobManager or a
 * TaskManager: the JVM's memory flags ({@code -Xmx}, {@code -XX:MaxMetaspaceSize}...) and the dynamic
 * properties ({@code -D key=value}) that pin every memory component. A TaskManager refuses to start
 * without the latter ("taskmanager.cpu.cores is not set"). Flink's own {@code BashJavaUtils} computes
 * both; it prints them as two lines marked {@value #RESULT_MARK}.
 */
record FlinkResourceParams(List<String> jvmOptions, List<String> dynamicProperties) {
    private static final String RESULT_MARK = "BASH_JAVA_UTILS_EXEC_RESULT:";

    static FlinkResourceParams jobManager(Path confDir, Path logDir) {
        return compute("GET_JM_RESOURCE_PARAMS", confDir, logDir);
    }

    static FlinkResourceParams taskManager(Path confDir, Path logDir) {
        return compute("GET_TM_RESOURCE_PARAMS", confDir, logDir);
    }

    private static FlinkResourceParams compute(String command, Path confDir, Path logDir) {
        String name = "bash-java-utils-" + command.toLowerCase(Locale.ROOT);
        String output = ChildJvm.of("org.apache.flink.runtime.util.bash.BashJavaUtils")
                .jvmOptions(FlinkConfDir.logTo(confDir, logDir.resolve(name + ".log")))
                .arguments(List.of(command, "--configDir", confDir.toString()))
                .run(logDir.resolve(name + ".out"), Duration.ofMinutes(1));
        List<String> results = output.lines()
                .filter(line -> line.startsWith(RESULT_MARK))
                .map(line -> line.substring(RESULT_MARK.length()).trim())
                .toList();
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no JVM options and dynamic "
                    + "properties; its output:\n" + output);
        }
        return new FlinkResourceParams(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String line) {
        return Stream.of(line.split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }
}
