package io.stepcast.tools.cli;

import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.VectorKernelJvmOptions;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes {@code java -jar stepcast.jar ...} run the vector kernel without flags the user has to type.
 *
 * <p>The kernel's fast variant needs the incubating module {@code jdk.incubator.vector}, which Java 17
 * only resolves when the JVM starts with {@code --add-modules jdk.incubator.vector}; unlike
 * {@code Add-Opens}, there is no jar-manifest attribute for it, and it cannot be added to a running JVM.
 * So when it is missing, {@link #relaunchIfNeeded} starts the same java binary again with
 * {@link VectorKernelJvmOptions}, the same JVM options and the same jar or class path, waits for it and
 * returns its exit code.
 *
 * <p>A jar launched with {@code -jar} is relaunched with {@code -jar}, not {@code -cp}: the JVM honours
 * the manifest's {@code Add-Opens}/{@code Add-Exports} (which Flink needs) only for {@code -jar}.
 * The child carries {@value #CHILD_PROPERTY} so it never relaunches itself; {@code -Dstepcast.kernel=scalar}
 * skips the relaunch. If the relaunch cannot start, the caller carries on in-process with the scalar kernel.
 */
final class VectorModuleLauncher {
    static final String CHILD_PROPERTY = "stepcast.relaunched";

    private VectorModuleLauncher() {}

    /** The relaunched child's exit code, or empty if this JVM should run the command itself. */
    static Optional<Integer> relaunchIfNeeded(Class<?> mainClass, String[] args) {
        if (RecurrentKernel.vectorAvailable()
                || System.getProperty(CHILD_PROPERTY) != null
                || "scalar".equals(System.getProperty(RecurrentKernel.PROPERTY))) {
            return Optional.empty();
        }
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = command(
                java.get(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"),
                System.getProperty("sun.java.command", ""),
                mainClass,
                args);
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (Exception e) {
            return Optional.empty();
        }
        // Stopping this JVM (docker stop, kill) must stop the child too; Ctrl-C reaches both anyway.
        Thread stopChild = new Thread(child::destroy, "stop-relaunched-jvm");
        Runtime.getRuntime().addShutdownHook(stopChild);
        while (true) {
            try {
                int exit = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(stopChild);
                return Optional.of(exit);
            } catch (InterruptedException e) {
                // keep waiting: the child owns the work; a shutdown hook stops it if this JVM is stopping
            } catch (IllegalStateException e) {
                return Optional.of(child.exitValue()); // shutdown already under way
            }
        }
    }

    /** The child's command line; {@code launchCommand} is {@code sun.java.command}: the jar or main class, then args. */
    static List<String> command(
            String java,
            List<String> jvmOptions,
            String classPath,
            String launchCommand,
            Class<?> mainClass,
            String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(VectorKernelJvmOptions.list());
        command.addAll(jvmOptions);
        command.add("-D" + CHILD_PROPERTY + "=true");
        boolean launchedWithJar = !classPath.isEmpty()
                && !classPath.contains(File.pathSeparator)
                && launchCommand.startsWith(classPath)
                && classPath.endsWith(".jar");
        if (launchedWithJar) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass.getName());
        }
        command.addAll(List.of(args));
        return command;
    }
}
