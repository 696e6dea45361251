package io.stepcast.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Flink standalone session cluster as separate OS processes, started from the build's dependencies
 * as Flink's scripts would start them from a distribution: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}: the dispatcher that accepts jobs, the resource manager,
 * the REST endpoint) and TaskManagers ({@code TaskManagerRunner}: the slots that run the job's tasks
 * and hold its keyed state). Everything of a run lives under its work folder: {@code conf/},
 * {@code log/} (one {@code .log} and one {@code .out} per process), {@code tmp/}, {@code checkpoints/},
 * {@code savepoints/}.
 */
public final class StandaloneCluster implements AutoCloseable {
    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String METRICS_PORT = "metrics.reporter.prom.port";
    /** JVMs starting side by side on two cores: generous, since this only bounds a failure's wait. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param config a folder with Flink's {@code config.yaml} (and optionally {@code log4j.properties});
     *     memory sizes and slots come from there
     * @param restPort the REST port, or 0 for a free one
     * @param extraConfig settings on top of the file and the run's own values (a test's fast heartbeats)
     */
    public record Settings(
            Path config, Path workDir, int taskManagers, int restPort, Map<String, String> extraConfig) {}

    private final Path workDir;
    private final Path confDir;
    private final Path logDir;
    private final FlinkRest rest;
    private final FlinkCli cli;
    private final FlinkResourceParams taskManagerParams;
    private final Process jobManager;
    private final List<Process> taskManagers = new CopyOnWriteArrayList<>();
    private final Map<Process, Integer> metricsPorts = new ConcurrentHashMap<>();
    private final AtomicInteger taskManagersStarted = new AtomicInteger();

    private StandaloneCluster(Settings settings) {
        workDir = settings.workDir().toAbsolutePath();
        logDir = workDir.resolve("log");
        int restPort = settings.restPort() == 0 ? FreePorts.pick() : settings.restPort();
        Map<String, String> config = new LinkedHashMap<>(runValues(restPort));
        config.putAll(settings.extraConfig());
        confDir = FlinkConfDir.prepare(settings.config(), workDir.resolve("conf"), config);
        rest = new FlinkRest(URI.create("http://localhost:" + restPort + "/"));
        cli = new FlinkCli(confDir, "localhost:" + restPort, logDir);
        createDirectory(workDir.resolve("tmp"));
        taskManagerParams = FlinkResourceParams.taskManager(confDir, logDir);
        FlinkResourceParams jobManagerParams = FlinkResourceParams.jobManager(confDir, logDir);
        jobManager = flinkProcess(JOB_MANAGER_MAIN, FlinkJvmOptions.all(), jobManagerParams, "jobmanager");
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Starts the JobManager and {@code taskManagers} TaskManagers and waits until all have registered. */
    public static StandaloneCluster start(Settings settings) {
        StandaloneCluster cluster = new StandaloneCluster(settings);
        try {
            for (int i = 0; i < settings.taskManagers(); i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(settings.taskManagers());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * What belongs to this run rather than to the configuration file: every process on the loopback
     * interface, a free RPC port, the REST port asked for, the run's own folders, and the class loading its
     * class path (target/lib) needs.
     */
    private Map<String, String> runValues(int restPort) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("jobmanager.rpc.address", "localhost");
        values.put("jobmanager.bind-host", "localhost");
        values.put("jobmanager.rpc.port", String.valueOf(FreePorts.pick()));
        values.put("rest.address", "localhost");
        values.put("rest.bind-address", "localhost");
        values.put("rest.port", String.valueOf(restPort));
        values.put("taskmanager.host", "localhost");
        values.put("taskmanager.bind-host", "localhost");
        values.put("io.tmp.dirs", workDir.resolve("tmp").toString());
        // unlike a distribution's lib/, target/lib holds the Kafka connector and clients, and so does a job
        // jar: the connector's classes load parent-first (org.apache.flink.), so the Kafka classes they use
        // must too, or a job's Kafka source arrives with the jar's OffsetResetStrategy and fails to
        // deserialize on the JobManager (ClassCastException between two classes of the same name)
        values.put("classloader.parent-first-patterns.additional", "org.apache.kafka.");
        values.put(
                "execution.checkpointing.dir",
                workDir.resolve("checkpoints").toUri().toString());
        values.put(
                "execution.checkpointing.savepoint-dir",
                workDir.resolve("savepoints").toUri().toString());
        return values;
    }

    /** Starts one more TaskManager (a replacement, or an extra one); it registers by itself. */
    public Process startTaskManager() {
        String name = "taskmanager-" + taskManagersStarted.incrementAndGet();
        Process taskManager = flinkProcess(TASK_MANAGER_MAIN, FlinkJvmOptions.taskManager(), taskManagerParams, name);
        taskManagers.add(taskManager);
        return taskManager;
    }

    /** SIGKILL to one of this cluster's TaskManagers, by its PID, as a crashed machine would go; returns once it is dead. */
    public void killTaskManager(Process taskManager) {
        if (!taskManagers.remove(taskManager)) {
            throw new IllegalArgumentException("process " + taskManager.pid() + " is no TaskManager of this cluster");
        }
        LiveProcesses.kill(taskManager);
        metricsPorts.remove(taskManager);
    }

    /** Waits until exactly {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count) {
        try {
            rest.awaitTaskManagers(count, START_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the processes' logs are in " + logDir, e);
        }
    }

    private Process flinkProcess(String mainClass, List<String> options, FlinkResourceParams params, String name) {
        List<String> jvmOptions = new ArrayList<>(options);
        jvmOptions.addAll(params.jvmOptions());
        jvmOptions.addAll(FlinkConfDir.logTo(confDir, logDir.resolve(name + ".log")));
        jvmOptions.add("-Djava.io.tmpdir=" + workDir.resolve("tmp"));
        List<String> arguments = new ArrayList<>(List.of("--configDir", confDir.toString()));
        arguments.addAll(params.dynamicProperties());
        // a port of its own rather than the first free one of the file's range: other clusters on this
        // machine take ports of that range too, and a test must know which process serves which metrics
        int metricsPort = FreePorts.pick();
        arguments.addAll(List.of("-D", METRICS_PORT + "=" + metricsPort));
        Process process = ChildJvm.of(mainClass)
                .jvmOptions(jvmOptions)
                .arguments(arguments)
                .start(logDir.resolve(name + ".out"));
        metricsPorts.put(process, metricsPort);
        return process;
    }

    /**
     * Where a process of this cluster serves its metrics in Prometheus's format, when the configuration
     * enables the Prometheus reporter under the name {@code prom} (config/flink/config.yaml does).
     */
    public URI metricsUrl(Process process) {
        Integer port = metricsPorts.get(process);
        if (port == null) {
            throw new IllegalArgumentException("process " + process.pid() + " is not of this cluster");
        }
        return URI.create("http://localhost:" + port + "/metrics");
    }

    public Process jobManager() {
        return jobManager;
    }

    /** The live TaskManagers this cluster started, oldest first. */
    public List<Process> taskManagers() {
        return List.copyOf(taskManagers);
    }

    public FlinkRest rest() {
        return rest;
    }

    public FlinkCli cli() {
        return cli;
    }

    public Path workDir() {
        return workDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the TaskManagers and the JobManager (SIGTERM, then SIGKILL after a grace). */
    @Override
    public void close() {
        List<Process> all = new ArrayList<>(taskManagers);
        all.add(jobManager);
        LiveProcesses.stop(all);
        taskManagers.clear();
    }
}
