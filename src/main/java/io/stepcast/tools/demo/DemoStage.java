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
import io.stepcast.training.TrainerLoop;
import io.stepcast.training.TrainingRound;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every demo does on its embedded broker, whatever it streams: writes the history the trainer
 * reads, announces the first model, starts the prediction job on a local MiniCluster, retrains once
 * while it runs, streams the live events at an even pace with progress lines, and reads the job's
 * own counters at the end.
 */
final class DemoStage {
    /** Flink job name; the demos read the job's metrics by it. */
    static final String JOB_NAME = "stepcast-demo";

    private final JobSpec spec;
    private final String bootstrap;
    private final JsonCodec codec;
    private final ModelStore store;
    private final ModelAnnouncements announcements;
    private final PrintWriter out;

    private DemoStage(JobSpec spec, PrintWriter out) {
        this.spec = spec;
        this.bootstrap = spec.kafka().bootstrap();
        this.codec = JsonCodec.of(spec);
        this.store = new ModelStore(spec.model().store());
        this.announcements = new ModelAnnouncements(spec);
        this.out = out;
    }

    /** {@code spec} on {@code kafka}, with its topics and a model store in {@code workDir}. */
    static DemoStage on(EmbeddedKafka kafka, JobSpec spec, Path workDir, PrintWriter out) {
        JobSpec local = spec.withBootstrap(kafka.bootstrapServers())
                .withModelStore(workDir.resolve("models").toString());
        KafkaTopics.createFor(local, 2);
        out.printf("Kafka (KRaft, in-JVM) at %s%n", kafka.bootstrapServers());
        return new DemoStage(local, out);
    }

    JobSpec spec() {
        return spec;
    }

    JsonCodec codec() {
        return codec;
    }

    String bootstrap() {
        return bootstrap;
    }

    ModelStore store() {
        return store;
    }

    /** Writes the history to the events topic (the trainer reads it there) and returns where the live part starts. */
    Map<TopicPartition, Long> sendHistory(List<Event> history) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Event e : history) {
                send(producer, e);
            }
        }
        return KafkaTopics.endOffsets(bootstrap, spec.topics().events());
    }

    /** Announces the demo's first model to the job. */
    void announce(ModelManifest first) {
        announcements.announce(store.pointer(first));
        out.printf("model version %d announced: %s%n", first.version(), first.metrics());
    }

    /** Starts the prediction job on a local MiniCluster, reading the events topic from {@code liveStart}. */
    JobClient startJob(Map<TopicPartition, Long> liveStart) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                spec.parallelism(), InJvmMetrics.enable(new Configuration()));
        new PredictionJob(spec, store.uri()).buildOnKafka(env, KafkaConnectors.eventSourceFrom(spec, liveStart));
        JobClient job = env.executeAsync(JOB_NAME);
        out.printf("Flink job %s running (parallelism %d)%n", job.getJobID(), spec.parallelism());
        return job;
    }

    /**
     * One trainer round on everything the events topic holds so far, as {@code stepcast trainer} does
     * periodically; then a stale announcement (the first version again), which the job must refuse.
     */
    TrainingRound retrain(ModelManifest first) {
        out.println("  trainer: retraining on the events topic while the job runs...");
        TrainingRound round = new TrainerLoop(spec, line -> out.println("  trainer: " + line)).runOnce();
        if (round.outcome() == TrainingRound.Outcome.PROMOTED) {
            announcements.announce(store.pointer(first));
            out.printf(
                    "  re-announcing version %d, older than the serving one: the job must refuse it%n",
                    first.version());
        }
        return round;
    }

    /**
     * Sends the live events at an even pace over {@code seconds}, with {@code badRecords} spread in,
     * printing progress; {@code swap} (null for none) may hold the stream, after which it goes on at the
     * same rate.
     * Returns the number of records sent.
     */
    long stream(List<Event> live, List<String> badRecords, double seconds, DemoTally tally, SwapSchedule swap)
            throws InterruptedException {
        long sent = 0;
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(2);
        long lastSent = 0;
        long lastReport = start;
        int badEvery = Math.max(1, live.size() / (badRecords.size() + 1));
        double perSecond = live.size() / seconds;
        Pace pace = Pace.perSecond(perSecond);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < live.size(); i++) {
                pace.awaitTurn();
                send(producer, live.get(i));
                sent++;
                if (i > 0 && i % badEvery == 0 && i / badEvery <= badRecords.size()) {
                    producer.send(new ProducerRecord<>(
                            spec.topics().events(),
                            badRecords.get(i / badEvery - 1).getBytes(StandardCharsets.UTF_8)));
                    sent++;
                }
                if (swap != null && swap.sent(i)) {
                    // a fresh pace: one measured from the start would rush the held-back events out at once
                    pace = Pace.perSecond(perSecond);
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    out.printf(
                            "[%4.0fs] events %d (%.0f/s)  predictions %d  dead letters %d  %s  model v%d%n",
                            (now - start) / 1e9,
                            sent,
                            (sent - lastSent) / ((now - lastReport) / 1e9),
                            tally.predictions(),
                            tally.deadLetters(),
                            tally.progress(),
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

    /** Waits (a minute at most) until {@code tally} has read {@code predictions}, then stops it. */
    static void drain(DemoTally tally, Thread reader, long predictions) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tally.predictions() < predictions && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        tally.stop();
        reader.join();
    }

    /** The job's own counters: {@code swaps}, {@code rejected_models}, {@code job_restarts}. */
    static Map<String, Object> jobCounters() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("swaps", (long) InJvmMetrics.values(JOB_NAME, "modelSwaps").max().orElse(0));
        s.put("rejected_models", (long)
                InJvmMetrics.values(JOB_NAME, "rejectedModels").max().orElse(0));
        s.put("job_restarts", (long)
                InJvmMetrics.values(JOB_NAME, "numRestarts").max().orElse(0));
        return s;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = KafkaClientProperties.at(bootstrap).producer();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return producer(bootstrap);
    }

    private void send(KafkaProducer<byte[], byte[]> producer, Event e) {
        producer.send(new ProducerRecord<>(
                spec.topics().events(), e.key.getBytes(StandardCharsets.UTF_8), codec.event(e, spec.fields())));
    }
}
