package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.Usage;
import io.stepcast.training.TrainerLoop;
import io.stepcast.training.TrainerMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        description = "Retrain periodically on the events topic's last training.window, warm-started from the "
                + "serving model; publish and announce a candidate only when it validates better.")
final class TrainerCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(names = "--once", description = "Run one round and exit.")
    boolean once;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve the trainer's metrics for Prometheus on http://HOST:PORT/metrics (9464 is "
                    + "Prometheus's customary exporter port; 0 picks a free one). Off unless given.")
    Integer metricsPort;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = options.out();
        try (TrainerMetrics metrics = metricsPort == null ? null : TrainerMetrics.serve(metricsPort)) {
            if (metrics != null) {
                out.println("metrics on http://localhost:" + metrics.port() + "/metrics");
                out.flush();
            }
            TrainerLoop loop = new TrainerLoop(
                    options.load(Usage.RETRAINING),
                    out::println,
                    metrics == null ? TrainerLoop.RoundListener.NONE : metrics);
            if (once) {
                loop.runOnce();
            } else {
                loop.run(Thread.currentThread()::isInterrupted);
            }
        }
        return 0;
    }
}
