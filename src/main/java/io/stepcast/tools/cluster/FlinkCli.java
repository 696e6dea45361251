package io.stepcast.tools.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's own command-line client ({@code CliFrontend}, what {@code bin/flink} runs) in a process of its
 * own, talking to a cluster's REST endpoint: jobs arrive as a jar and their graph is built by Flink's
 * client, never in this JVM, exactly as a user submits them.
 */
public final class FlinkCli {
    static final String MAIN_CLASS = "org.apache.flink.client.cli.CliFrontend";
    /** Submitting starts a JVM and uploads the jar; on two busy cores that can take a while. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private final Path confDir;
    private final String restAddress;
    private final Path logDir;
    private final AtomicInteger calls = new AtomicInteger();

    FlinkCli(Path confDir, String restAddress, Path logDir) {
        this.confDir = confDir;
        this.restAddress = restAddress;
        this.logDir = logDir;
    }

    /** Submits {@code jar} detached ({@code run -d}) and returns its job id. */
    public String run(Path jar, List<String> jobArguments) {
        return find(JOB_ID, call(runArguments(List.of(), jar, jobArguments)), "a job id");
    }

    /**
     * Submits {@code jar} detached, restoring its state from a savepoint or retained checkpoint
     * ({@code run -d -s PATH}), and returns its job id. The job may run at another parallelism than the
     * one that wrote the state: keyed state moves by key group.
     */
    public String resume(Path jar, String savepoint, List<String> jobArguments) {
        return find(JOB_ID, call(runArguments(List.of("-s", savepoint), jar, jobArguments)), "a job id");
    }

    /** The command line that submits {@code jar}, for a user to type, with {@code FLINK_CONF_DIR} set to {@link #confDir}. */
    public List<String> runCommandLine(Path jar, List<String> jobArguments) {
        return client(runArguments(List.of(), jar, jobArguments), logDir.resolve("flink-cli.log"))
                .command();
    }

    private List<String> runArguments(List<String> runOptions, Path jar, List<String> jobArguments) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-m", restAddress));
        args.addAll(runOptions);
        args.add(jar.toString());
        args.addAll(jobArguments);
        return args;
    }

    /** {@code list}: the running and scheduled jobs, as Flink prints them. */
    public String list() {
        return call(List.of("list", "-m", restAddress));
    }

    public void cancel(String jobId) {
        call(List.of("cancel", "-m", restAddress, jobId));
    }

    /** Stops the job with a savepoint under {@code savepointDir} and returns the savepoint's path. */
    public String stop(String jobId, Path savepointDir) {
        return find(
                SAVEPOINT,
                call(List.of(
                        "stop",
                        "-m",
                        restAddress,
                        "--savepointPath",
                        savepointDir.toUri().toString(),
                        jobId)),
                "a savepoint path");
    }

    public Path confDir() {
        return confDir;
    }

    private String call(List<String> args) {
        String name = "flink-cli-" + calls.incrementAndGet() + "-" + args.get(0);
        return client(args, logDir.resolve(name + ".log")).run(logDir.resolve(name + ".out"), TIMEOUT);
    }

    private ChildJvm client(List<String> args, Path log) {
        List<String> jvmOptions = new ArrayList<>(FlinkJvmOptions.all());
        jvmOptions.addAll(FlinkConfDir.logTo(confDir, log));
        return ChildJvm.of(MAIN_CLASS)
                .jvmOptions(jvmOptions)
                .environment("FLINK_CONF_DIR", confDir.toString())
                .arguments(args);
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("Flink's client printed no " + what + ":\n" + output);
        }
        return matcher.group(1);
    }
}
