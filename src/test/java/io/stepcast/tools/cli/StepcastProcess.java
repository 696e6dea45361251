package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.tools.fault.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * {@code java -jar target/stepcast.jar ...} as an operating-system process, the way a user or a
 * supervisor starts it (the jar exists once {@code package} ran, before failsafe's tests). Its output
 * (stdout and stderr, its relaunched JVM's too) goes to a file, not a pipe: when a process ends, Java
 * closes its pipe under a reader that has not read everything yet. {@link #close} kills whatever is left of it and echoes the output with a prefix.
 */
final class StepcastProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "stepcast.jar").toAbsolutePath();

    private final String name;
    private final Process process;
    private final Path log;

    private StepcastProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar with a small heap (the parent and the JVM it relaunches both get it) and {@code args},
     * its output going to {@code <name>.log} in {@code dir}.
     */
    static StepcastProcess start(Path dir, String name, String... args) throws IOException {
        assertThat(JAR).as("the jar `mvn package` builds").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx640m",
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new StepcastProcess(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for an output line matching {@code line} and returns it. */
    String awaitOutput(Predicate<String> line, Duration timeout) {
        await(
                () -> output().stream().anyMatch(line),
                timeout,
                "output line of " + name + "; output so far: " + output());
        return output().stream().filter(line).findFirst().orElseThrow();
    }

    /** Every JVM this process started, once there is at least one (the vector-module relaunch). */
    List<ProcessHandle> awaitDescendants(Duration timeout) {
        await(() -> process.descendants().findAny().isPresent(), timeout, "a child JVM of " + name);
        return process.descendants().toList();
    }

    /** SIGKILL to the process that was started, as {@code kill -9 PID} sends it. */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM, as a supervisor stops a service, then its exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("%s ended within %s after SIGTERM; output: %s", name, timeout, output())
                .isTrue();
        return process.exitValue();
    }

    List<String> output() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 50 ms; the timeout only turns a hang into a failure. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        Poll.until(condition, timeout, what);
    }

    @Override
    public void close() {
        List<ProcessHandle> left = process.descendants().toList();
        process.destroyForcibly();
        left.forEach(ProcessHandle::destroyForcibly);
        output().forEach(line -> System.out.println("[" + name + "] " + line));
    }
}
