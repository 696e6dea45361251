package io.stepcast.training;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The trainer's metrics on an HTTP endpoint in Prometheus's text format ({@code /metrics}), fed by
 * {@link TrainerLoop} after every round. A registry of its own, not the client's default one, so two
 * trainers in one JVM (tests) do not share counters. The README's "Metrics" section lists the names.
 */
public final class TrainerMetrics implements TrainerLoop.RoundListener, AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge lastRound = Gauge.builder()
            .name("stepcast_trainer_last_round_timestamp_seconds")
            .help("When the last round ended (skipped rounds too), seconds since the epoch")
            .register(registry);
    private final Gauge roundDuration = Gauge.builder()
            .name("stepcast_trainer_round_duration_seconds")
            .help("How long the last round took: reading the window, training, validating, publishing")
            .register(registry);
    private final Gauge validationMae = Gauge.builder()
            .name("stepcast_trainer_validation_mae")
            .help("Validation MAE of the last judged round's candidate, and of the baseline it had to beat "
                    + "(serving: the serving model; persistence: next equals last, when none served)")
            .labelNames("model")
            .register(registry);
    private final Counter promotions = Counter.builder()
            .name("stepcast_trainer_promotions_total")
            .help("Candidates published and announced")
            .register(registry);
    private final Counter rejections = Counter.builder()
            .name("stepcast_trainer_rejections_total")
            .help("Candidates the validation gate refused")
            .register(registry);
    private final HTTPServer server;

    private TrainerMetrics(int port) throws IOException {
        server = HTTPServer.builder().port(port).registry(registry).buildAndStart();
    }

    /** Serves the metrics on {@code port} of every interface, or on a free port for 0 (see {@link #port}). */
    public static TrainerMetrics serve(int port) throws IOException {
        return new TrainerMetrics(port);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void roundEnded(TrainingRound round, Instant ended, Duration took) {
        lastRound.set(ended.toEpochMilli() / 1000.0);
        roundDuration.set(took.toNanos() / 1e9);
        ValidationGate.Decision decision = round.decision();
        if (decision == null) {
            return; // skipped: nothing was judged
        }
        validationMae.labelValues("candidate").set(decision.candidateMae());
        validationMae
                .labelValues(decision.againstServing() ? "serving" : "persistence")
                .set(decision.baselineMae());
        if (decision.promote()) {
            promotions.inc();
        } else {
            rejections.inc();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
