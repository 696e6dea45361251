package io.stepcast.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.runtime.spec.Usage;
import io.stepcast.tools.demo.Demo;
import io.stepcast.tools.demo.SessionDemo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run everything in this JVM: a Kafka broker, a synthetic sensor stream (or web-shop sessions for a "
                        + "job with tokens, e.g. --job jobs/logs.yaml), DL4J training and the Flink job; print progress and a "
                        + "JSON summary as the last line.")
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--seconds",
            defaultValue = "60",
            paramLabel = "N",
            description = "Target run time: the live stream is paced over what is left of it once the broker, the "
                    + "first model's training and the job have started, and gets at least 5 s "
                    + "(default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--keys",
            defaultValue = "16",
            paramLabel = "N",
            description = "Number of sensors (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(
            names = "--sessions",
            defaultValue = "300",
            paramLabel = "N",
            description = "Sessions streamed by the demo of a job with tokens, a tenth of them out of the grammar "
                    + "(default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--job",
            defaultValue = "jobs/demo.yaml",
            paramLabel = "FILE",
            description = "Job file (default: ${DEFAULT-VALUE}, or the copy inside the jar when absent).")
    String job;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Seed of the synthetic stream (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Days of history the first model trains on, and days streamed live (five-minute readings). */
    private static final int TRAINING_DAYS = 3;

    private static final int LIVE_DAYS = 2;

    /** Normal sessions the first next-event model trains on, and the fraction of streamed ones injected. */
    private static final int TRAINING_SESSIONS = 300;

    private static final double INJECTION_RATE = 0.1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (seconds < 10 || keys < 1 || sessions < 10) {
            throw new IllegalArgumentException(
                    "--seconds must be at least 10, --keys at least 1 and --sessions at least 10");
        }
        // the demo trains a first model, then runs one retraining round while the job streams
        JobSpec spec = JobOptions.checked(
                JobSpecLoader.loadOrBundled(job), job, command, Usage.ONE_OFF_TRAINING, Usage.RETRAINING);
        Path workDir = Files.createTempDirectory("stepcast-demo");
        try {
            Map<String, Object> summary = spec.categorical()
                    ? new SessionDemo(
                                    new SessionDemo.Settings(
                                            spec, workDir, TRAINING_SESSIONS, sessions, INJECTION_RATE, seconds, seed),
                                    command.commandLine().getOut())
                            .run()
                    : new Demo(
                                    new Demo.Settings(
                                            spec,
                                            workDir,
                                            keys,
                                            TRAINING_DAYS,
                                            LIVE_DAYS,
                                            2 * keys / 3 + 1,
                                            seconds,
                                            seed),
                                    command.commandLine().getOut())
                            .run();
            command.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary));
            command.commandLine().getOut().flush();
        } finally {
            deleteRecursively(workDir);
        }
        return 0;
    }

    /** The demo's model store is scratch: nothing of it should outlive the run. */
    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
