package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.job.PredictionJob;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.EmbeddedKafka;
import io.stepcast.tools.embedded.InJvmMetrics;
import io.stepcast.tools.embedded.KafkaTopics;
import io.stepcast.tools.feed.Pace;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.Trainer;
import io.stepcast.training.TrainerLoop;
import io.stepcast.training.TrainingRound;
import io.stepcast.training.input.EventSequences;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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

    /** Flink job name; the demo reads the job's metrics by it. */
    static final String JOB_NAME = "stepcast-demo";
    /** Epochs of the first, quick model; the trainer's rounds use the job file's. */
    static final int BOOTSTRAP_EPOCHS = 2;

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
            JobSpec spec = settings.spec()
                    .withBootstrap(kafka.bootstrapServers())
                    .withModelStore(settings.workDir().resolve("models").toString());
            KafkaTopics.createFor(spec, 2);
            out.printf("Kafka (KRaft, in-JVM) at %s%n", kafka.bootstrapServers());

            SyntheticSensors sensors = new SyntheticSensors(settings.keys(), settings.seed());
            int trainSteps = settings.trainingDays() * SyntheticSensors.STEPS_PER_DAY;
            int liveSteps = settings.liveDays() * SyntheticSensors.STEPS_PER_DAY;
            List<Event> history = sensors.generate(0, trainSteps, Integer.MAX_VALUE, 0);
            List<Event> live =
                    sensors.generate(trainSteps, trainSteps + liveSteps, trainSteps + 60, settings.anomalies());
            JsonCodec codec = JsonCodec.of(spec);
            Map<TopicPartition, Long> liveStart = sendHistory(spec, kafka.bootstrapServers(), codec, history);

            // a quick first model so the stream starts within seconds; the trainer improves on it live
            JobSpec quick = spec.withTraining(spec.training().withEpochs(BOOTSTRAP_EPOCHS));
            out.printf(
                    "training a first %s on %d events of %d keys with DL4J (%d epochs)...%n",
                    spec.model().cell().id(), history.size(), settings.keys(), BOOTSTRAP_EPOCHS);
            ModelStore store = new ModelStore(spec.model().store());
            Trainer.TrainedModel trained =
                    new Trainer(quick).train(EventSequences.byKey(history), null, line -> out.println("  " + line));
            ModelManifest first = new ModelPublisher(spec, store).publish(trained);
            ModelAnnouncements announcements = new ModelAnnouncements(spec);
            announcements.announce(store.pointer(first));
            out.printf("model version %d announced: %s%n", first.version(), first.metrics());

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    spec.parallelism(), InJvmMetrics.enable(new Configuration()));
            new PredictionJob(spec, store.uri())
                    .buildOnKafka(
                            env,
                            KafkaConnectors.eventSourceBuilder(spec)
                                    .setStartingOffsets(OffsetsInitializer.offsets(liveStart))
                                    .build());
            JobClient job = env.executeAsync(JOB_NAME);
            out.printf("Flink job %s running (parallelism %d)%n", job.getJobID(), spec.parallelism());

            PredictionTally tally = new PredictionTally(
                    kafka.bootstrapServers(),
                    spec.topics().predictions(),
                    spec.topics().deadLetter(),
                    codec,
                    sensors.injected(),
                    line -> out.println("  " + line));
            Thread reader = new Thread(tally, "demo-tally");
            reader.start();
            // the round overlaps the stream's first half; the swap is held to its middle
            SwapSchedule swap = new SwapSchedule(
                    live.size() / 10, live.size() / 2, () -> retrain(spec, announcements, first), JOB_NAME, tally, out);

            double elapsed = (System.nanoTime() - started) / 1e9;
            double streamSeconds = Math.max(5, settings.seconds() - elapsed - 3);
            long sent = stream(spec, kafka.bootstrapServers(), codec, live, streamSeconds, tally, swap);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tally.predictions() < live.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            tally.stop();
            reader.join();
            // in the temporary folder: the work folder is deleted at the end, the current one may be anyone's
            out.printf("report: %s%n", tally.writeReport(Files.createTempFile("stepcast-demo-report-", ".html")));

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("events_in", sent);
            summary.putAll(tally.summary());
            summary.put("injected_anomalies", sensors.injected().size());
            summary.put("swaps", (long)
                    InJvmMetrics.values(JOB_NAME, "modelSwaps").max().orElse(0));
            summary.put("rejected_models", (long)
                    InJvmMetrics.values(JOB_NAME, "rejectedModels").max().orElse(0));
            summary.put("job_restarts", (long)
                    InJvmMetrics.values(JOB_NAME, "numRestarts").max().orElse(0));
            summary.put("max_output_gap_ms", tally.maxGapAroundSwapsMillis());
            job.cancel().get();
            summary.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            return summary;
        }
    }

    /**
     * One trainer round on everything the events topic holds so far, as {@code stepcast trainer} does
     * periodically; then a stale announcement (the first version again), which the job must refuse.
     */
    private TrainingRound retrain(JobSpec spec, ModelAnnouncements announcements, ModelManifest first) {
        out.println("  trainer: retraining on the events topic while the job runs...");
        TrainingRound round = new TrainerLoop(spec, line -> out.println("  trainer: " + line)).runOnce();
        if (round.outcome() == TrainingRound.Outcome.PROMOTED) {
            announcements.announce(new ModelStore(spec.model().store()).pointer(first));
            out.printf(
                    "  re-announcing version %d, older than the serving one: the job must refuse it%n",
                    first.version());
        }
        return round;
    }

    /** Writes the history to the events topic (the trainer reads it there) and returns where the live part starts. */
    private static Map<TopicPartition, Long> sendHistory(
            JobSpec spec, String bootstrap, JsonCodec codec, List<Event> history) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (Event e : history) {
                send(producer, spec, codec, e);
            }
        }
        return KafkaTopics.endOffsets(bootstrap, spec.topics().events());
    }

    /**
     * Sends the live events at an even pace over {@code seconds}, with the bad records spread in,
     * printing progress; {@code swap} may hold the stream, after which it goes on at the same rate.
     */
    private long stream(
            JobSpec spec,
            String bootstrap,
            JsonCodec codec,
            List<Event> live,
            double seconds,
            PredictionTally tally,
            SwapSchedule swap)
            throws InterruptedException {
        long sent = 0;
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(2);
        long lastSent = 0;
        long lastReport = start;
        int badEvery = Math.max(1, live.size() / (BAD_RECORDS.size() + 1));
        double perSecond = live.size() / seconds;
        Pace pace = Pace.perSecond(perSecond);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < live.size(); i++) {
                pace.awaitTurn();
                send(producer, spec, codec, live.get(i));
                sent++;
                if (i > 0 && i % badEvery == 0 && i / badEvery <= BAD_RECORDS.size()) {
                    producer.send(new ProducerRecord<>(
                            spec.topics().events(),
                            BAD_RECORDS.get(i / badEvery - 1).getBytes(StandardCharsets.UTF_8)));
                    sent++;
                }
                if (swap.sent(i)) {
                    // a fresh pace: one measured from the start would rush the held-back events out at once
                    pace = Pace.perSecond(perSecond);
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    out.printf(
                            "[%4.0fs] events %d (%.0f/s)  predictions %d  dead letters %d  anomalies %d  model v%d%n",
                            (now - start) / 1e9,
                            sent,
                            (sent - lastSent) / ((now - lastReport) / 1e9),
                            tally.predictions(),
                            tally.deadLetters(),
                            tally.flagged(),
                            tally.latestVersion());
                    out.flush();
                    lastSent = sent;
                    lastReport = now;
                    nextReport = now + TimeUnit.SECONDS.toNanos(2);
                }
            }
        }
        return sent;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = KafkaClientProperties.at(bootstrap).producer();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, JobSpec spec, JsonCodec codec, Event e) {
        producer.send(new ProducerRecord<>(
                spec.topics().events(), e.key.getBytes(StandardCharsets.UTF_8), codec.event(e, spec.fields())));
    }
}
