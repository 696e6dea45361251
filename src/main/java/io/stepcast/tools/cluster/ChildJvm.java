package io.stepcast.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java process on the build's dependency folder ({@code target/lib}) and nothing of ours: a cluster
 * gets Stepcast's classes from the submitted jar, as a Flink installation does, so a Stepcast class
 * missing from the job jar fails here as it would in production. (Third-party libraries are another
 * matter: {@code target/lib} holds the Kafka connector and clients that a Flink distribution's
 * {@code lib/} does not.) Its output goes to a file, and {@link LiveProcesses} stops it when this JVM
 * exits.
 */
final class ChildJvm {
    private final String mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    static ChildJvm of(String mainClass) {
        return new ChildJvm(mainClass);
    }

    ChildJvm jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    ChildJvm arguments(List<String> args) {
        arguments.addAll(args);
        return this;
    }

    ChildJvm environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The command line, as a user would type it (the class path a wildcard the JVM expands). */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(libDir().resolve("*").toString());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** Starts the process with stdout and stderr appended to {@code output}. */
    Process start(Path output) {
        try {
            Files.createDirectories(output.getParent());
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            builder.environment().putAll(environment);
            return LiveProcesses.track(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** Runs a short-lived process to its end and returns its output; a non-zero exit or a timeout fails. */
    String run(Path output, Duration timeout) {
        Process process = start(output);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LiveProcesses.kill(process);
                throw new IllegalStateException(
                        mainClass + " " + arguments + " took longer than " + timeout + "; its output: " + output);
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        mainClass + " " + arguments + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + output, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LiveProcesses.kill(process);
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        }
    }

    /**
     * {@code target/lib}, beside the folder or jar our classes come from: {@code target/classes} in the
     * build and tests, {@code target/stepcast.jar} for users; {@code mvn package} fills it.
     */
    static Path libDir() {
        try {
            Path ours = Path.of(ChildJvm.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path lib = ours.getParent().resolve("lib");
            if (!Files.isDirectory(lib)) {
                throw new IllegalStateException("no " + lib + " with the dependencies; run mvn package first");
            }
            return lib;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the class path of " + ChildJvm.class, e);
        }
    }
}
