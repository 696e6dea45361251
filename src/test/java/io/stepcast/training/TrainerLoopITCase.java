package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.PrometheusScrape;
import io.stepcast.TestEvents;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.Rejection;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.cli.Cli;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import io.stepcast.training.input.EventSequences;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining rounds against a real broker, each with its own job name (so its own announcements)
 * and events topic, with the serving model chosen so the gate's verdict is known in advance.
 */
class TrainerLoopITCase {
    private static final String JOB = """
            name: %1$s
            topics: {events: events-%1$s, predictions: predictions-%1$s, models: models}
            time: {features: [hour-of-day]}
            model: {cell: lstm, hidden: 8}
            training: {epochs: %2$d, sequenceLength: 96, tbptt: 48, batchSize: 8, learningRate: %3$s, seed: 5}
            """;
    private static final List<Event> SENSORS = TestEvents.sensors(3, 11, 0, 576);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(
                Map.of(
                        "events-promote",
                        2,
                        "events-reject",
                        2,
                        "events-restart",
                        2,
                        "events-quiet",
                        1,
                        "events-metrics",
                        1,
                        "events-tuning",
                        2,
                        "models",
                        1),
                List.of("models"));
    }

    private JobSpec spec(String name, int epochs, double learningRate) {
        return TestSpecs.parse(String.format(Locale.ROOT, JOB, name, epochs, learningRate))
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
    }

    private Path jobFile(String name, int epochs, double learningRate) throws Exception {
        return Files.writeString(
                dir.resolve(name + ".yaml"), String.format(Locale.ROOT, JOB, name, epochs, learningRate));
    }

    private static ModelManifest publishAndAnnounce(JobSpec spec, ModelStore store, Trainer.TrainedModel model) {
        // no DL4J file: the candidate cannot warm-start from it and trains from its own seed
        ModelManifest manifest = store.publish(ModelManifest.draft(spec, model.metrics()), model.weights(), null);
        new ModelAnnouncements(spec).announce(store.pointer(manifest));
        return manifest;
    }

    /** Publishes and announces random weights without a DL4J file: a bad serving model no candidate warm-starts from. */
    private static void serveRandomWeights(JobSpec spec, ModelStore store) {
        ModelManifest bad = TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 3));
        new ModelAnnouncements(spec).announce(store.pointer(bad));
    }

    @Test
    void candidateBeatingABadServingModelIsPublishedAndAnnounced() {
        JobSpec spec = spec("promote", 4, 0.02);
        ModelStore store = new ModelStore(spec.model().store());
        serveRandomWeights(spec, store);
        TestEvents.produce(spec, SENSORS, null);

        TrainingRound round = new TrainerLoop(spec, log::add).runOnce();

        assertThat(round.outcome()).isEqualTo(TrainingRound.Outcome.PROMOTED);
        assertThat(round.events()).isEqualTo(SENSORS.size());
        assertThat(round.decision().baselineName()).isEqualTo("serving v1");
        assertThat(round.decision().candidateMae()).isLessThan(round.decision().baselineMae());
        ModelManifest published = round.published();
        assertThat(published.version()).isEqualTo(2);
        assertThat(store.latest()).contains(published);
        assertThat(published.dl4jFile()).isEqualTo(ModelManifest.DL4J_FILE);
        assertThat(published.metrics())
                .containsEntry("validationMae", round.decision().candidateMae())
                .containsEntry("servingValidationMae", round.decision().baselineMae())
                .containsEntry("servingVersion", 1.0);
        assertThat(new ModelAnnouncements(spec).serving(store)).contains(store.pointer(published));
        assertThat(store.rejections()).isEmpty();
        assertThat(log).contains("training from random weights", round.message());
    }

    /**
     * A tuning job: the round's winner may have another shape and other lag inputs than the job file's; the manifest
     * records its settings and every trial, {@code model list} shows them, and the next round continues
     * the winner as its trial 0.
     */
    @Test
    void aTuningRoundPublishesTheWinnerWithItsTrialsAndTheNextRoundContinuesIt() throws Exception {
        String job = String.format(Locale.ROOT, JOB, "tuning", 2, 0.02)
                .replace(
                        "seed: 5}",
                        "seed: 5, validationFraction: 0.2,\n"
                                + "  tuning: {trials: 4, eta: 2, hidden: [4, 8], layers: [1, 2], learningRate: [0.02], "
                                + "lags: [[], [12]]}}");
        Path file = Files.writeString(dir.resolve("tuning.yaml"), job);
        JobSpec spec = TestSpecs.parse(job)
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        ModelStore store = new ModelStore(spec.model().store());
        serveRandomWeights(spec, store);
        TestEvents.produce(spec, SENSORS, null);

        TrainingRound first = new TrainerLoop(spec, log::add).runOnce();

        assertThat(first.outcome()).isEqualTo(TrainingRound.Outcome.PROMOTED);
        ModelManifest published = first.published();
        assertThat(published.tuning().trials()).hasSize(4);
        assertThat(published.tuning().trials().get(0).warmStart()).isFalse(); // the bad model has no DL4J file
        var won = published.tuning().winning();
        assertThat(published.hidden()).isEqualTo(won.hidden());
        assertThat(published.layers()).isEqualTo(won.layers());
        // seeded, so always the same winner: one with lag inputs the job file does not have, which the next
        // round's gate must score the serving model with
        assertThat(won.lags()).containsExactly(12);
        assertThat(published.lags()).containsExactly(12);
        assertThat(published.inputs()).isEqualTo(4);
        assertThat(store.loadWeights(published).shape().hidden()).isEqualTo(won.hidden());
        assertThat(published.metrics().get("validationMae")).isEqualTo(won.bestValidationMae());
        assertThat(log)
                .contains("tuning: 4 trials, rungs at [1, 1, 2] epochs; trial 0 (hidden 8, layers 1, learning "
                        + "rate 0.02, sequence 96, recent 1.0, lags []) has the job file's settings");
        String listed = Cli.run(
                "model",
                "list",
                "--job",
                file.toString(),
                "--bootstrap",
                KAFKA.bootstrapServers(),
                "--model-store",
                store.uri());
        assertThat(listed)
                .contains(String.format(
                        Locale.ROOT,
                        "    tuned (successive-halving, eta 2): trial %d of 4 won: hidden %d, layers %d, learning rate "
                                + "0.02, sequence 96, recent 1.0, lags %s, kept after %d epochs",
                        won.trial(),
                        won.hidden(),
                        won.layers(),
                        won.lags(),
                        published.tuning().keptEpochs()));
        assertThat(listed.lines().filter(l -> l.matches("\\s+\\d \\s+\\d+ \\s+\\d .*")))
                .hasSize(4)
                .anyMatch(l -> l.contains(" [12] "))
                .anyMatch(l -> l.contains(" [] "));

        log.clear();
        TrainingRound second = new TrainerLoop(spec, log::add).runOnce();
        assertThat(log).contains("warm start from serving version " + published.version());
        assertThat(log)
                .anyMatch(line -> line.startsWith("tuning: 4 trials, rungs at [1, 1, 2] epochs; trial 0 (hidden "
                                + won.hidden() + ", layers " + won.layers() + ",")
                        && line.contains("lags [12]")
                        && line.endsWith("continues the serving model, as does every trial of its shape and lags"));
        assertThat(second.outcome()).isNotEqualTo(TrainingRound.Outcome.SKIPPED);
    }

    @Test
    void candidateWorseThanAWellTrainedServingModelIsRejectedAndRecorded() {
        JobSpec good = spec("reject", 8, 0.02);
        ModelStore store = new ModelStore(good.model().store());
        ModelManifest serving = publishAndAnnounce(
                good, store, new Trainer(good).train(EventSequences.byKey(SENSORS), null, line -> {}));
        ModelPointer announced = new ModelAnnouncements(good).serving(store).orElseThrow();
        TestEvents.produce(good, SENSORS, null);
        // same model, sabotaged training: one epoch at a learning rate that wrecks Adam's first steps
        JobSpec sabotaged = spec("reject", 1, 0.9);

        TrainingRound round = new TrainerLoop(sabotaged, log::add).runOnce();

        assertThat(round.outcome()).isEqualTo(TrainingRound.Outcome.REJECTED);
        assertThat(round.decision().baselineName()).isEqualTo("serving v1");
        assertThat(round.decision().baselineMae()).isEqualTo(serving.metrics().get("validationMae"));
        assertThat(round.decision().candidateMae())
                .isGreaterThan(round.decision().baselineMae());
        assertThat(store.versions()).containsExactly(serving);
        assertThat(new ModelAnnouncements(good).serving(store)).contains(announced);
        assertThat(Path.of(URI.create(round.rejectionFile())))
                .isRegularFile()
                .hasParent(dir.resolve("models").resolve("rejected"));
        List<Rejection> rejections = store.rejections();
        assertThat(rejections).hasSize(1);
        Rejection rejection = rejections.get(0);
        assertThat(rejection.candidateMae()).isEqualTo(round.decision().candidateMae());
        assertThat(rejection.baselineMae()).isEqualTo(round.decision().baselineMae());
        assertThat(rejection.baseline()).isEqualTo("serving v1");
        assertThat(rejection.reason()).isEqualTo(round.decision().reason());
        assertThat(rejection.job()).isEqualTo("reject");
        assertThat(rejection.metrics()).containsKeys("trainLoss", "validationMae", "validationNaiveMae");
    }

    @Test
    void versionsKeepRisingAcrossRestartsAndRollbacks() throws Exception {
        JobSpec spec = spec("restart", 3, 0.02);
        ModelStore store = new ModelStore(spec.model().store());
        serveRandomWeights(spec, store);
        TestEvents.produce(spec, SENSORS, null);

        TrainingRound first = new TrainerLoop(spec, log::add).runOnce();
        TrainingRound afterRestart = new TrainerLoop(spec, log::add).runOnce();

        assertThat(first.published().version()).isEqualTo(2);
        assertThat(afterRestart.published().version()).isEqualTo(3);
        assertThat(log).contains("warm start from serving version 2");

        assertThat(Cli.run(
                        "model",
                        "rollback",
                        "--job",
                        jobFile("restart", 3, 0.02).toString(),
                        "--bootstrap",
                        KAFKA.bootstrapServers(),
                        "--model-store",
                        store.uri(),
                        "--to",
                        "1"))
                .isEqualTo("version 4 now serves the weights of version 1\n");
        TrainingRound afterRollback = new TrainerLoop(spec, log::add).runOnce();

        assertThat(afterRollback.decision().baselineName()).isEqualTo("serving v4");
        assertThat(afterRollback.published().version()).isEqualTo(5);
        assertThat(new ModelAnnouncements(spec).serving(store).orElseThrow().version())
                .isEqualTo(5);
    }

    /** The trainer's Prometheus endpoint, scraped over HTTP after a promoting round and a skipped one. */
    @Test
    void eachRoundShowsOnThePrometheusEndpoint() throws Exception {
        JobSpec spec = spec("metrics", 2, 0.02);
        ModelStore store = new ModelStore(spec.model().store());
        new ModelAnnouncements(spec)
                .announce(store.pointer(TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 3))));
        TestEvents.produce(spec, SENSORS, null);
        try (TrainerMetrics metrics = TrainerMetrics.serve(0)) {
            URI url = URI.create("http://localhost:" + metrics.port() + "/metrics");
            PrometheusScrape before = PrometheusScrape.of(url);
            assertThat(before.value("stepcast_trainer_promotions_total")).isZero();
            assertThat(before.value("stepcast_trainer_last_round_timestamp_seconds"))
                    .isZero();
            double started = System.currentTimeMillis() / 1000.0;

            TrainingRound round = new TrainerLoop(spec, log::add, metrics).runOnce();

            assertThat(round.outcome()).isEqualTo(TrainingRound.Outcome.PROMOTED);
            PrometheusScrape after = PrometheusScrape.of(url);
            assertThat(after.value("stepcast_trainer_promotions_total")).isEqualTo(1);
            assertThat(after.value("stepcast_trainer_rejections_total")).isZero();
            assertThat(after.value("stepcast_trainer_validation_mae", "model", "candidate"))
                    .isEqualTo(round.decision().candidateMae());
            assertThat(after.value("stepcast_trainer_validation_mae", "model", "serving"))
                    .isEqualTo(round.decision().baselineMae());
            assertThat(after.value("stepcast_trainer_last_round_timestamp_seconds"))
                    .isBetween(started, System.currentTimeMillis() / 1000.0);
            assertThat(after.value("stepcast_trainer_round_duration_seconds")).isPositive();
            System.out.println("trainer metrics after a promoting round: " + after.samples());
        }
    }

    @Test
    void roundWithTooFewEventsIsSkipped() throws Exception {
        JobSpec spec = spec("quiet", 3, 0.02);
        TestEvents.produce(spec, SENSORS.subList(0, 6), null);

        TrainingRound round = new TrainerLoop(spec, log::add).runOnce();

        assertThat(round.outcome()).isEqualTo(TrainingRound.Outcome.SKIPPED);
        assertThat(round.events()).isEqualTo(6);
        assertThat(round.message()).startsWith("skipped: not enough events to train");
        assertThat(log)
                .containsExactly(
                        "read 6 events of the last PT24H from events-quiet (0 invalid skipped)",
                        "training from random weights",
                        round.message());
        assertThat(new ModelStore(spec.model().store()).versions()).isEmpty();
        assertThat(Cli.run(
                        "trainer",
                        "--once",
                        "--job",
                        jobFile("quiet", 3, 0.02).toString(),
                        "--bootstrap",
                        KAFKA.bootstrapServers(),
                        "--model-store",
                        spec.model().store()))
                .endsWith(round.message() + "\n");
    }
}
