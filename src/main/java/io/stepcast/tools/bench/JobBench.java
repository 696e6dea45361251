package io.stepcast.tools.bench;

import com.sun.management.OperatingSystemMXBean;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.job.PredictionJob;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.spec.EnumNames;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.tools.embedded.EmbeddedKafka;
import io.stepcast.tools.embedded.InJvmMetrics;
import io.stepcast.tools.embedded.KafkaTopics;
import io.stepcast.tools.feed.Pace;
import io.stepcast.tools.observe.OutputGaps;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.View;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The job against its limits, on real parts in this JVM (KRaft broker, local MiniCluster): sustained
 * throughput of the predictor job and of the same topology with a passthrough operator over the same
 * pre-loaded events, checkpointed state per key on the heap and on RocksDB, then event-to-prediction
 * latency at half the measured rate (at-least-once, then exactly-once) and the output gap across a live
 * model swap.
 */
public final class JobBench {
    private static final String JOB = """
            name: bench
            kafka: {groupId: bench, startFrom: earliest}
            model: {cell: lstm, hidden: 32}
            delivery: {guarantee: at-least-once, checkpointInterval: 1s}
            parallelism: 2
            """;
    /**
     * The bench's job on RocksDB, checkpointing every 10 s: a full checkpoint of a million keys takes
     * seconds, and back to back they would take the cores from the job.
     */
    private static final String STATE_SCALE_JOB = JOB.replace("checkpointInterval: 1s", "checkpointInterval: 10s")
            .replace("name: bench", "name: bench\nstate: {backend: rocksdb}");

    private static final String JOB_NAME = "stepcast-bench";
    /** Long enough for a million keys on RocksDB with the 2 cores shared with other work. */
    private static final Duration STATE_RUN_TIMEOUT = Duration.ofMinutes(15);
    /** The TaskManager's managed memory in {@link #runStateScale}: RocksDB's budget for caches and buffers. */
    public static final String STATE_SCALE_MANAGED_MEMORY = "256m";

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** What to run. */
    public record Settings(int events, int keys, int latencySeconds, Path workDir) {}

    private final Settings settings;
    private final PrintWriter out;

    public JobBench(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Every phase: throughput, state per key on both backends, latency. */
    public Map<String, Object> run() throws Exception {
        return onPreloadedKafka(JOB, this::allPhases);
    }

    /**
     * Keyed state at scale alone: the predictor on RocksDB with the TaskManager's managed memory, which
     * bounds RocksDB's block cache and write buffers, set to {@link #STATE_SCALE_MANAGED_MEMORY}; see
     * {@link #stateAtScale}.
     */
    public Map<String, Object> runStateScale() throws Exception {
        return onPreloadedKafka(STATE_SCALE_JOB, this::stateAtScale);
    }

    /** A measurement over the events pre-loaded for a job spec whose model is announced. */
    private interface Phases {
        Map<String, Object> run(JobSpec spec, ModelStore store) throws Exception;
    }

    private Map<String, Object> onPreloadedKafka(String jobYaml, Phases phases) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobSpec spec = JobSpecLoader.parse("bench", jobYaml.getBytes(StandardCharsets.UTF_8))
                    .withBootstrap(kafka.bootstrapServers())
                    .withModelStore(settings.workDir().resolve("models").toString());
            KafkaTopics.createFor(spec, 2);
            ModelStore store = new ModelStore(spec.model().store());
            announce(spec, store, 1);

            out.printf("pre-loading %,d events of %,d keys...%n", settings.events(), settings.keys());
            produce(spec, settings.events(), 0, null);
            return phases.run(spec, store);
        }
    }

    private Map<String, Object> allPhases(JobSpec spec, ModelStore store) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        // the first job in a JVM runs slow while the JIT warms up: one untimed round of each first
        Throughput passthrough = null;
        Throughput predictor = null;
        for (String round : List.of("warm-up", "measured")) {
            passthrough = throughput(spec, store, true);
            predictor = throughput(spec, store, false);
            out.printf(
                    "%s: passthrough %,.0f events/s (%.1f µs CPU each), predictor %,.0f events/s (%.1f µs)%n",
                    round,
                    passthrough.eventsPerSecond(),
                    passthrough.cpuMicrosPerEvent(),
                    predictor.eventsPerSecond(),
                    predictor.cpuMicrosPerEvent());
        }
        double job = predictor.eventsPerSecond();
        result.put("events", settings.events());
        result.put("keys", settings.keys());
        result.put("job_events_per_s", Math.round(job));
        result.put("passthrough_events_per_s", Math.round(passthrough.eventsPerSecond()));
        result.put("job_vs_passthrough", Math.round(job / passthrough.eventsPerSecond() * 1000) / 1000.0);
        // CPU time per event moves less than events per second with what else the cores run (JIT and GC count too)
        result.put("job_cpu_us_per_event", Math.round(predictor.cpuMicrosPerEvent() * 10) / 10.0);
        result.put("passthrough_cpu_us_per_event", Math.round(passthrough.cpuMicrosPerEvent() * 10) / 10.0);
        result.put(
                "job_vs_passthrough_cpu",
                Math.round(passthrough.cpuMicrosPerEvent() / predictor.cpuMicrosPerEvent() * 1000) / 1000.0);

        StateRun heap = state(spec, store);
        StateRun rocksDb = state(spec.withStateBackend(JobSpec.StateBackend.ROCKSDB), store);
        result.put("state_bytes_per_key", heap.bytesPerKey());
        result.put("state_bytes_per_key_rocksdb", rocksDb.bytesPerKey());
        result.put("state_run_events_per_s", heap.eventsPerSecond());
        result.put("state_run_events_per_s_rocksdb", rocksDb.eventsPerSecond());

        double rate = job / 2;
        Latency atLeastOnce = latency(spec, store, rate, true);
        result.put("latency_events_per_s", Math.round(rate));
        result.put("p50_ms", atLeastOnce.percentile(0.50));
        result.put("p99_ms", atLeastOnce.percentile(0.99));
        result.put("max_ms", atLeastOnce.percentile(1.0));
        result.put("swap_gap_ms", atLeastOnce.swapGapMillis);
        // the same at a tenth of the rate: whether the job or the shared cores bound the figure above
        Latency light = latency(spec, store, job / 10, false);
        result.put("light_load_events_per_s", Math.round(job / 10));
        result.put("light_load_p50_ms", light.percentile(0.50));
        result.put("light_load_p99_ms", light.percentile(0.99));
        JobSpec exactlyOnce = spec.withDelivery(JobSpec.Guarantee.EXACTLY_ONCE);
        Latency eo = latency(exactlyOnce, store, rate, false);
        result.put(
                "exactly_once_checkpoint_interval_ms",
                exactlyOnce.delivery().checkpointInterval().toMillis());
        result.put("exactly_once_p50_ms", eo.percentile(0.50));
        result.put("exactly_once_p99_ms", eo.percentile(0.99));
        return result;
    }

    /**
     * One bounded run over everything pre-loaded, from job start to finish: events per second, and this
     * JVM's CPU time per event (all its threads: broker, job, GC; the same bystanders for both jobs).
     */
    private record Throughput(double eventsPerSecond, double cpuMicrosPerEvent) {}

    private Throughput throughput(JobSpec spec, ModelStore store, boolean passthrough) throws Exception {
        StreamExecutionEnvironment env = environment();
        PredictionJob job = new PredictionJob(spec, store.uri());
        var events = KafkaConnectors.eventSourceBuilder(spec)
                .setGroupId("bench-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .build();
        if (passthrough) {
            job.configure(env);
            job.keyed(job.parse(env, events))
                    .process(new PassthroughFunction(spec.model().hidden() * 2))
                    .sinkTo(KafkaConnectors.predictionSink(spec));
        } else {
            job.build(
                    env,
                    events,
                    KafkaConnectors.modelSourceBuilder(spec)
                            .setBounded(OffsetsInitializer.latest())
                            .build(),
                    KafkaConnectors.predictionSink(spec),
                    KafkaConnectors.deadLetterSink(spec));
        }
        long cpu = OS.getProcessCpuTime();
        long started = System.nanoTime();
        env.execute(JOB_NAME + (passthrough ? "-passthrough" : "-predictor"));
        return new Throughput(
                settings.events() / ((System.nanoTime() - started) / 1e9),
                (OS.getProcessCpuTime() - cpu) / 1e3 / settings.events());
    }

    /**
     * A run of the predictor until every event had its prediction and a checkpoint started after that
     * completed: that checkpoint's full size (every file it references, for an incremental one too) and
     * duration, RocksDB's estimate of its live data then (0 unless its metric is on), and the events per second from
     * job start to the last prediction.
     */
    private record StateRun(
            int keys, long eventsPerSecond, long checkpointBytes, long checkpointMillis, long liveBytesEstimate) {
        long bytesPerKey() {
            return checkpointBytes / keys;
        }
    }

    private StateRun state(JobSpec spec, ModelStore store) throws Exception {
        return state(spec, store, new Configuration());
    }

    /**
     * Runs the predictor on {@code spec}'s state backend over everything pre-loaded, in a local
     * environment with {@code overrides} on top of {@link #environment}'s settings, until every event
     * has its prediction and a checkpoint started after that has completed. On the heap that checkpoint
     * is every key's state, serialised. RocksDB checkpoints, full or incremental alike, are copies of its
     * SST files: every key's state as RocksDB stores it, plus the overwritten values compaction has not
     * yet dropped, so that figure moves with compaction from run to run. A bounded job cannot be used:
     * its final checkpoint holds no keyed state, as its operators have finished.
     */
    private StateRun state(JobSpec spec, ModelStore store, Configuration overrides) throws Exception {
        String jobName = JOB_NAME + "-state-" + EnumNames.of(spec.state().backend());
        String bootstrap = spec.kafka().bootstrap();
        long predictionsBefore =
                total(KafkaTopics.endOffsets(bootstrap, spec.topics().predictions()));
        StreamExecutionEnvironment env = environment(overrides);
        new PredictionJob(spec, store.uri())
                .buildOnKafka(
                        env,
                        KafkaConnectors.eventSourceBuilder(spec)
                                .setGroupId("bench-" + System.nanoTime())
                                .setStartingOffsets(OffsetsInitializer.earliest())
                                .build());
        out.printf("state on %s...%n", EnumNames.of(spec.state().backend()));
        out.flush();
        long started = System.nanoTime();
        JobClient job = env.executeAsync(jobName);
        try {
            awaitUntil(
                    () -> total(KafkaTopics.endOffsets(bootstrap, spec.topics().predictions())) - predictionsBefore
                            >= settings.events(),
                    "every event's prediction");
            long nanos = System.nanoTime() - started;
            // the checkpoint in flight may have started before the last event; the one after it has not
            long completed = checkpoints(jobName);
            awaitUntil(() -> checkpoints(jobName) >= completed + 2, "two more checkpoints");
            boolean liveEstimate = overrides.get(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE);
            if (liveEstimate) {
                // Flink refreshes RocksDB's native metrics on this period, not when read
                TimeUnit.SECONDS.sleep(View.UPDATE_INTERVAL_SECONDS);
            }
            long bytes;
            long millis;
            long seen;
            do { // the size and the duration of one and the same checkpoint, though more may complete meanwhile
                seen = checkpoints(jobName);
                bytes = jobMetric(jobName, "lastCheckpointFullSize");
                millis = jobMetric(jobName, "lastCheckpointDuration");
            } while (checkpoints(jobName) != seen);
            // one per subtask and state (column family)
            long live = Math.round(InJvmMetrics.values(jobName, "rocksdb_estimate-live-data-size")
                    .sum());
            return new StateRun(
                    Math.min(settings.keys(), settings.events()),
                    Math.round(settings.events() / (nanos / 1e9)),
                    bytes,
                    millis,
                    live);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * One event or more for each of many keys on RocksDB, within a managed memory budget of
     * {@link #STATE_SCALE_MANAGED_MEMORY} for the (local) TaskManager, shared by its two slots. RocksDB
     * takes its block cache and write buffers from it ({@code state.backend.rocksdb.memory.managed},
     * Flink's default, set here to say so); the state itself lives on local disk. Checkpoints are full
     * here (not incremental), so the one measured uploads every key's state and its duration is a whole
     * checkpoint's, not the change since the last one. Heap use is that of this whole JVM: the broker,
     * the producer and Flink's own objects included.
     */
    private Map<String, Object> stateAtScale(JobSpec spec, ModelStore store) throws Exception {
        MemorySize managedMemory = MemorySize.parse(STATE_SCALE_MANAGED_MEMORY);
        Configuration overrides = new Configuration()
                .set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemory)
                .set(RocksDBOptions.USE_MANAGED_MEMORY, true)
                // without it every key's first event searches every SST file for a key it cannot find: at a
                // million new keys the job slowed to a few hundred events per second, all in RocksDB.get
                .set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true)
                .set(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE, true)
                .set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        HeapPeak.reset();
        StateRun run = state(spec, store, overrides);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keys", run.keys());
        result.put("events", settings.events());
        result.put("state_backend", EnumNames.of(JobSpec.StateBackend.ROCKSDB));
        result.put("managed_memory_bytes", managedMemory.getBytes());
        result.put("incremental_checkpoints", false);
        result.put(
                "checkpoint_interval_ms", spec.delivery().checkpointInterval().toMillis());
        result.put("events_per_s", run.eventsPerSecond());
        result.put("checkpoint_bytes", run.checkpointBytes());
        result.put("checkpoint_ms", run.checkpointMillis());
        result.put("state_bytes_per_key", run.bytesPerKey());
        result.put("rocksdb_live_bytes_estimate", run.liveBytesEstimate());
        result.put("rocksdb_live_bytes_per_key", run.liveBytesEstimate() / run.keys());
        result.put("heap_peak_bytes", HeapPeak.bytes());
        return result;
    }

    private static long jobMetric(String jobName, String name) {
        return Math.round(InJvmMetrics.values(jobName, name).max().orElseThrow());
    }

    private static long checkpoints(String jobName) {
        return Math.round(InJvmMetrics.values(jobName, "numberOfCompletedCheckpoints")
                .max()
                .orElse(0));
    }

    private static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void awaitUntil(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + STATE_RUN_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + STATE_RUN_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Sends events stamped with the wall clock at {@code rate} per second to a running job and measures
     * when their predictions arrive; halfway through, announces a new model version when asked.
     */
    private Latency latency(JobSpec spec, ModelStore store, double rate, boolean swap) throws Exception {
        String bootstrap = spec.kafka().bootstrap();
        Map<TopicPartition, Long> eventsEnd =
                KafkaTopics.endOffsets(bootstrap, spec.topics().events());
        Map<TopicPartition, Long> predictionsEnd =
                KafkaTopics.endOffsets(bootstrap, spec.topics().predictions());
        StreamExecutionEnvironment env = environment();
        new PredictionJob(spec, store.uri()).buildOnKafka(env, KafkaConnectors.eventSourceFrom(spec, eventsEnd));
        JobClient job = env.executeAsync(JOB_NAME);
        Latency latency = new Latency(spec, predictionsEnd);
        Thread reader = new Thread(latency, "bench-latency");
        reader.start();
        int events = (int) (rate * settings.latencySeconds());
        out.printf(
                "latency (%s): %,d events at %,.0f/s after as many to warm up...%n",
                spec.delivery().guarantee(), events, rate);
        out.flush();
        // a new job's code runs cold: the first half is not measured
        produce(spec, events, rate, null);
        latency.measureFrom(System.currentTimeMillis());
        produce(spec, events, rate, swap ? () -> announce(spec, store, 2) : null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latency.count() < events && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        latency.stop();
        reader.join();
        latency.swapGapMillis = latency.gaps.maxGapAroundSwapsMillis();
        job.cancel().get();
        return latency;
    }

    private StreamExecutionEnvironment environment() {
        return environment(new Configuration());
    }

    /**
     * A local environment that checkpoints to files in the work folder, as a cluster would (the default,
     * the JobManager's memory, refuses state above 5 MB per subtask), incrementally where the backend
     * can (RocksDB; the heap backend always writes full checkpoints), unless {@code overrides} say
     * otherwise.
     */
    private StreamExecutionEnvironment environment(Configuration overrides) {
        Configuration conf = InJvmMetrics.enable(new Configuration())
                .set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        settings.workDir().resolve("checkpoints").toUri().toString())
                .set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.addAll(overrides);
        return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    }

    /** Publishes a model of random weights at the job's shape as a new version and announces it. */
    private static void announce(JobSpec spec, ModelStore store, long seed) {
        ModelManifest manifest =
                store.publish(ModelManifest.draft(spec, Map.of()), RandomWeights.of(ModelShape.of(spec), seed), null);
        new ModelAnnouncements(spec).announce(store.pointer(manifest));
    }

    /**
     * Sends {@code n} events round-robin over the keys; paced at {@code rate} per second and stamped
     * with the wall clock when the rate is above zero, else as fast as possible with synthetic times.
     * {@code halfway} runs once half are out.
     */
    private void produce(JobSpec spec, int n, double rate, Runnable halfway) {
        Properties props = KafkaClientProperties.of(spec).producer();
        props.put(ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? "0" : "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        JsonCodec codec = JsonCodec.of(spec);
        Pace pace = Pace.perSecond(rate);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String key = "key-" + (i % settings.keys());
                pace.awaitTurn();
                long ts = rate > 0 ? System.currentTimeMillis() : 1_767_571_200_000L + 60_000L * (i / settings.keys());
                Event e = new Event(key, ts, 100 + 10 * Math.sin(i / (double) settings.keys() / 50));
                producer.send(new ProducerRecord<>(
                        spec.topics().events(), key.getBytes(StandardCharsets.UTF_8), codec.event(e, spec.fields())));
                if (halfway != null && i == n / 2) {
                    halfway.run();
                }
            }
        }
    }

    /** Reads new predictions (read_committed) and records event-time-to-arrival delays. */
    private static final class Latency implements Runnable {
        private final Properties props;
        private final Map<TopicPartition, Long> from;
        private final JsonCodec codec;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> delays = Collections.synchronizedList(new ArrayList<>());
        final OutputGaps gaps = new OutputGaps();
        private volatile long measureFrom = Long.MAX_VALUE;
        long swapGapMillis;

        Latency(JobSpec spec, Map<TopicPartition, Long> from) {
            this.props = KafkaClientProperties.of(spec).consumer();
            this.from = from;
            this.codec = JsonCodec.of(spec);
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(from.keySet());
                from.forEach(consumer::seek);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                        long now = System.currentTimeMillis();
                        Prediction p = codec.readPrediction(record.value());
                        if (p.ts >= measureFrom) {
                            delays.add(now - p.ts);
                            gaps.arrived(p.modelVersion, System.nanoTime());
                        }
                    }
                }
            }
        }

        /** Events stamped from {@code epochMillis} on are measured; earlier ones warm the job up. */
        void measureFrom(long epochMillis) {
            measureFrom = epochMillis;
        }

        int count() {
            return delays.size();
        }

        void stop() {
            running.set(false);
        }

        long percentile(double q) {
            List<Long> sorted;
            synchronized (delays) {
                sorted = new ArrayList<>(delays);
            }
            if (sorted.isEmpty()) {
                return -1;
            }
            Collections.sort(sorted);
            return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }
}
