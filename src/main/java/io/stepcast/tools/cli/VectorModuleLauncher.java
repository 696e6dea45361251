package io.stepcast.tools.cli;

import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.VectorKernelJvmOptions;
import java.io.File;
import java.io.IOException;
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
 * <p>The two JVMs live and die as one process, so that a supervisor or user who stops or kills the
 * process they started never leaves a second copy of a job running (two copies of {@code run} share a
 * consumer group and transactional ids and double the output):
 * <ul>
 *   <li>stopped (SIGTERM, Ctrl-C): the parent's shutdown hook passes SIGTERM on and waits until the
 *       child has ended, so the child's own hooks (a job's stop savepoint) finish first;
 *   <li>killed (SIGKILL, a crash): no hook runs in the parent, so the child watches its parent itself.
 *       Its stdin is a pipe whose other end only the parent holds; the kernel closes it the moment the
 *       parent dies, however it dies, and the child halts on the end of input. Unlike polling the
 *       parent's PID ({@code ProcessHandle.onExit} polls a non-child up to every 5 s), this is
 *       immediate and cannot be fooled by a reused PID. The child halts rather than exits: its
 *       shutdown hooks would start a savepoint while the supervisor may already be starting the job
 *       again, and a killed parent means the whole process was meant to die at once.
 * </ul>
 * The relaunched child therefore does not read the terminal's input; no command does.
 *
 * <p>A jar launched with {@code -jar} is relaunched with {@code -jar}, not {@code -cp}: the JVM honours
 * the manifest's {@code Add-Opens}/{@code Add-Exports} (which Flink needs) only for {@code -jar}.
 * The child carries {@value #CHILD_PROPERTY} so it never relaunches itself; {@code -Dstepcast.kernel=scalar}
 * skips the relaunch. If the relaunch cannot start, the caller carries on in-process with the scalar kernel.
 */
final class VectorModuleLauncher {
    static final String CHILD_PROPERTY = "stepcast.relaunched";
    /** The exit code of a child whose parent died; nobody reads it, the parent being gone. */
    private static final int PARENT_GONE = 137;

    private VectorModuleLauncher() {}

    /** The relaunched child's exit code, or empty if this JVM should run the command itself. */
    static Optional<Integer> relaunchIfNeeded(Class<?> mainClass, String[] args) {
        if (System.getProperty(CHILD_PROPERTY) != null) {
            haltWhenParentDies();
            return Optional.empty();
        }
        if (RecurrentKernel.vectorAvailable() || "scalar".equals(System.getProperty(RecurrentKernel.PROPERTY))) {
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
            // stdin stays a pipe to this JVM: its end tells the child that this JVM died
            child = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (Exception e) {
            return Optional.empty();
        }
        // Stopping this JVM (docker stop, kill) must stop the child too, and only once the child's own
        // shutdown is done: this JVM's end would halt it (Ctrl-C reaches both anyway)
        Thread stopChild = new Thread(
                () -> {
                    // SIGTERM through the handle: Process.destroy would also close the child's stdin,
                    // which the child takes for this JVM's death and halts without its shutdown hooks
                    child.toHandle().destroy();
                    child.onExit().join();
                },
                "stop-relaunched-jvm");
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

    /** In the relaunched child: halts this JVM when its stdin, the pipe from the parent, ends. */
    private static void haltWhenParentDies() {
        Thread watch = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // the parent writes nothing; only the end of input matters
                        }
                    } catch (IOException e) {
                        // a broken pipe means the same: the parent is gone
                    }
                    Runtime.getRuntime().halt(PARENT_GONE);
                },
                "halt-when-parent-dies");
        watch.setDaemon(true);
        watch.start();
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
