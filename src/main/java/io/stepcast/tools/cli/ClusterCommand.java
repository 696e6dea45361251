package io.stepcast.tools.cli;

import io.stepcast.tools.cluster.KafkaBrokerProcess;
import io.stepcast.tools.cluster.StandaloneCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Start a Kafka broker, a Flink JobManager and TaskManagers as separate processes on this machine "
                + "(from target/lib, no Flink download), print how to reach them and how to submit a job jar, and "
                + "wait; Ctrl-C stops them all.")
final class ClusterCommand implements Callable<Integer> {
    @Option(
            names = "--taskmanagers",
            defaultValue = "2",
            paramLabel = "N",
            description = "Number of TaskManagers (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            paramLabel = "PORT",
            description = "The broker's port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--rest-port",
            defaultValue = "8081",
            paramLabel = "PORT",
            description = "The JobManager's REST and web port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Work folder for configuration, logs, data, checkpoints; must be new or empty "
                    + "(default: a new folder in the system's temporary folder).")
    Path dir;

    @Option(
            names = "--config",
            defaultValue = "config/flink",
            paramLabel = "DIR",
            description = "Flink configuration folder with config.yaml (default: ${DEFAULT-VALUE}); "
                    + "ports and folders are this run's own.")
    Path config;

    /** The job jar a user is told to submit; built by {@code mvn package}. */
    private static final Path JOB_JAR = Path.of("target/stepcast-job.jar");

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./=:,@+-]+");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (taskManagers < 1) {
            throw new IllegalArgumentException("--taskmanagers must be at least 1");
        }
        Path work = workDir();
        PrintWriter out = command.commandLine().getOut();
        out.println("Starting in " + work + " (logs under its kafka/log and flink/log) ...");
        out.flush();
        // processes still running when this JVM stops (Ctrl-C, SIGTERM) are stopped by a shutdown hook
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(work.resolve("kafka"), kafkaPort);
                StandaloneCluster cluster = StandaloneCluster.start(new StandaloneCluster.Settings(
                        config, work.resolve("flink"), taskManagers, restPort, Map.of()))) {
            out.println("Kafka broker      pid " + broker.pid() + "  bootstrap " + broker.bootstrapServers());
            out.println("Flink JobManager  pid " + cluster.jobManager().pid() + "  REST "
                    + cluster.rest().url() + "  metrics " + cluster.metricsUrl(cluster.jobManager()));
            for (Process taskManager : cluster.taskManagers()) {
                out.println(
                        "Flink TaskManager pid " + taskManager.pid() + "  metrics " + cluster.metricsUrl(taskManager));
            }
            out.println();
            out.println("Submit a job jar from another terminal:");
            out.println("FLINK_CONF_DIR=" + shellWord(cluster.cli().confDir().toString()) + " "
                    + cluster.cli().runCommandLine(JOB_JAR, List.of()).stream()
                            .map(ClusterCommand::shellWord)
                            .collect(Collectors.joining(" ")));
            out.println();
            out.println("Ctrl-C stops everything.");
            out.flush();
            int exit = cluster.jobManager().waitFor();
            if (shuttingDown()) {
                return 0; // Ctrl-C or SIGTERM: the shutdown hook stopped the JobManager, as asked
            }
            command.commandLine().getErr().println("The JobManager exited with " + exit + "; see " + cluster.logDir());
            return 1;
        }
    }

    /** Whether this JVM is stopping: the JDK refuses new shutdown hooks once it is. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private Path workDir() throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("stepcast-cluster");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + dir + " is not empty; a cluster starts from "
                            + "an empty folder (remove it, or choose another)");
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }

    /** The word as a POSIX shell reads it back: quoted when it holds anything but plain characters ({@code lib/*}). */
    private static String shellWord(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
