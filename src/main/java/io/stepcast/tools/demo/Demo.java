package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.EmbeddedKafka;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.Trainer;
import io.stepcast.training.input.EventSequences;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.common.TopicPartition;

/**
 * The main job on embedded defaults: a real KRaft broker in this JVM, a synthetic multi-key sensor
 * stream with injected spikes, a model trained with DL4J on the first days, the prediction job on a
 * local Flink MiniCluster, and a consumer reading the predictions as a service would.
 */
public final class Demo {
    /** Malformed records mixed into the stream, one per kind, to show dead-lettering. */
    static final List<String> BAD_RECORDS = List.of(
            "{not json",
            "{\"ts\":\"2026-01-05T00:00:00Z\",\"value\":1.0}",
            "{\"key\":\"sensor-00\",\"ts\":\"2026-01-05T00:00:00Z\",\"value\":\"high\"}",
            "{\"key\":\"sensor-00\",\"ts\":\"2026-01-05T00:00:00Z\",\"value\":NaN}",
            "{\"key\":\"sensor-00\",\"value\":1.0}");

    /**
     * Epochs of the first model, trained before the stream starts; the trainer's round, warm-started
     * from it, uses the job file's. The first model serves half the measured stream, so it is trained
     * until it predicts the level rather than the last value: two epochs left it at persistence's error.
     */
    static final int BOOTSTRAP_EPOCHS = 8;

    /** What to run; defaults give a one-minute demo. */
    public record Settings(
            JobSpec spec,
            Path workDir,
            int keys,
            int trainingDays,
            int liveDays,
            int anomalies,
            int seconds,
            long seed) {}

    private final Settings settings;
    private final PrintWriter out;

    public Demo(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs the demo and returns its summary (the last line it prints, as a map). */
    public Map<String, Object> run() throws Exception {
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            DemoStage stage = DemoStage.on(kafka, settings.spec(), settings.workDir(), out);
            JobSpec spec = stage.spec();

            SyntheticSensors sensors = new SyntheticSensors(settings.keys(), settings.seed());
            int trainSteps = settings.trainingDays() * SyntheticSensors.STEPS_PER_DAY;
            int liveSteps = settings.liveDays() * SyntheticSensors.STEPS_PER_DAY;
            List<Event> history = sensors.generate(0, trainSteps, Integer.MAX_VALUE, 0);
            List<Event> live =
                    sensors.generate(trainSteps, trainSteps + liveSteps, trainSteps + 60, settings.anomalies());
            Map<TopicPartition, Long> liveStart = stage.sendHistory(history);

            // a first model trained before the stream starts; the trainer improves on it live
            JobSpec quick = spec.withTraining(spec.training().withEpochs(BOOTSTRAP_EPOCHS));
            out.printf(
                    "training a first %s on %d events of %d keys with DL4J (%d epochs)...%n",
                    spec.model().cell().id(), history.size(), settings.keys(), BOOTSTRAP_EPOCHS);
            Trainer.TrainedModel trained =
                    new Trainer(quick).train(EventSequences.byKey(history), null, line -> out.println("  " + line));
            ModelManifest first = new ModelPublisher(spec, stage.store()).publish(trained);
            stage.announce(first);
            JobClient job = stage.startJob(liveStart);

            PredictionTally tally = new PredictionTally(
                    stage.bootstrap(),
                    spec.topics(),
                    stage.codec(),
                    sensors.injected(),
                    line -> out.println("  " + line));
            Thread reader = new Thread(tally, "demo-tally");
            reader.start();
            // the round starts at the stream's middle, where the stream is held until the swap: it then reads
            // the same events on any machine (history and the first half), so its model is the same too
            SwapSchedule swap = new SwapSchedule(
                    live.size() / 2, live.size() / 2, () -> stage.retrain(first), DemoStage.JOB_NAME, tally, out);

            double elapsed = (System.nanoTime() - started) / 1e9;
            double streamSeconds = Math.max(5, settings.seconds() - elapsed - 3);
            long sent = stage.stream(live, BAD_RECORDS, streamSeconds, tally, swap);
            DemoStage.drain(tally, reader, live.size());
            // in the temporary folder: the work folder is deleted at the end, the current one may be anyone's
            out.printf("report: %s%n", tally.writeReport(Files.createTempFile("stepcast-demo-report-", ".html")));

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("events_in", sent);
            summary.putAll(tally.summary());
            summary.put("injected_anomalies", sensors.injected().size());
            summary.putAll(DemoStage.jobCounters());
            summary.put("max_output_gap_ms", tally.maxGapAroundSwapsMillis());
            job.cancel().get();
            summary.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            return summary;
        }
    }
}
