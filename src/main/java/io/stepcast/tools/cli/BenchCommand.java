package io.stepcast.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.tools.bench.JobBench;
import io.stepcast.tools.bench.KernelBench;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure the inference kernel and the job against their limits in this JVM (Kafka broker and "
                + "Flink MiniCluster included); see docs/benchmarks.md.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--events",
            defaultValue = "1000000",
            paramLabel = "N",
            description = "Events pre-loaded for the throughput runs (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--keys",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(
            names = "--latency-seconds",
            defaultValue = "10",
            paramLabel = "N",
            description = "Length of each latency run (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--state-scale",
            description = "Measure keyed state alone: the predictor on RocksDB within a managed memory budget "
                    + "of " + JobBench.STATE_SCALE_MANAGED_MEMORY
                    + ", then one full checkpoint (size, duration, bytes per key), e.g. with --keys "
                    + "1000000 --events 1000000; every key needs an event, so --events must be at least --keys.")
    boolean stateScale;

    @Option(
            names = "--kernel-only",
            description =
                    "Measure the kernels alone (about a minute): the numeric kernel, DL4J, and next-token serving "
                            + "at V = 32, 256, 1,024; no broker, no job.")
    boolean kernelOnly;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (events < 1000 || keys < 1 || latencySeconds < 1) {
            throw new IllegalArgumentException(
                    "--events must be at least 1000, --keys and --latency-seconds at least 1");
        }
        if (stateScale && kernelOnly) {
            throw new IllegalArgumentException("--state-scale and --kernel-only exclude each other");
        }
        if (stateScale && events < keys) {
            throw new IllegalArgumentException("--state-scale needs --events at least --keys, one event per key");
        }
        PrintWriter out = output.out();
        Map<String, Object> results = new LinkedHashMap<>();
        if (!stateScale) {
            out.println("kernel: LSTM 1x32, then next-token LSTM 64 at V = 32, 256, 1,024; 10,000 keys...");
            out.flush();
            results.putAll(KernelBench.run());
        }
        if (!kernelOnly) {
            Path workDir = Files.createTempDirectory("stepcast-bench");
            try {
                JobBench bench = new JobBench(new JobBench.Settings(events, keys, latencySeconds, workDir), out);
                results.putAll(stateScale ? bench.runStateScale() : bench.run());
            } finally {
                DemoCommand.deleteRecursively(workDir);
            }
        }
        if (output.json) {
            out.println(new ObjectMapper().writeValueAsString(results));
        } else {
            results.forEach((name, value) -> out.printf("%-36s %s%n", name, value));
        }
        out.flush();
        return 0;
    }
}
