package io.stepcast.tools.fault;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toCollection;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.DeploymentFiles;
import io.stepcast.PrometheusScrape;
import io.stepcast.TestEvents;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.job.BadInputSuite;
import io.stepcast.runtime.job.OfflinePredictions;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.tools.cluster.KafkaBrokerProcess;
import io.stepcast.tools.cluster.StandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault scenarios 2 to 5 of issue 11 and the bad-input suite of issue 12 (figures in docs/reliability.md),
 * and the Prometheus scrape of issue 13 (README "Metrics"), on a Flink standalone cluster of OS
 * processes, as a user runs the job: a Kafka broker process, a
 * JobManager and two TaskManagers with two slots each (config/flink/config.yaml, so the shipped restart
 * strategy and checkpoint retention are what is tested), the job submitted as target/stepcast-job.jar
 * with Flink's client. The scenarios share the processes to save their start-up; each has topics,
 * consumer group, transactional ids, model store and job name of its own, and leaves two TaskManagers
 * and a running broker behind.
 *
 * <p>The reference is the offline oracle ({@link OfflinePredictions}, the job's own per-key code), which
 * {@code PredictionJobContract} proves equal to what an uninterrupted run emits. A downstream consumer's
 * view (read_committed) must equal it per key: same records, same order, none lost, none doubled, every
 * payload identical (doubles bit for bit, model version included).
 */
@Tag("fault")
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsITCase {
    private static final int KEYS = 16;
    private static final long SEED = 7;
    private static final int EVENTS_PER_SECOND = 250;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The broker's downtime in scenario 3: long enough for every client of the job to notice. */
    private static final Duration BROKER_DOWNTIME = Duration.ofSeconds(10);
    /** Scenario 4's parallelisms: up to every slot of the two TaskManagers, then down to one. */
    private static final List<Integer> RESCALES = List.of(2, 4, 1);

    /** A dead-letter counter's metric id over REST: {@code <operator>.stepcast.reason.<code>.deadLetters}. */
    /** What Flink's Prometheus reporter names the predictor's {@code stepcast} metric group. */
    private static final String STEPCAST = "flink_taskmanager_job_task_operator_stepcast_";

    private static final Pattern DEAD_LETTER_COUNTER =
            Pattern.compile(".*\\.stepcast\\.reason\\.([a-z0-9_]+)\\.deadLetters");

    private static Path workDir;
    private static KafkaBrokerProcess broker;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startBrokerAndCluster() throws Exception {
        workDir = Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "cluster-tests")), "ClusterFaultsITCase-");
        broker = KafkaBrokerProcess.start(workDir.resolve("kafka"), 0);
        cluster = StandaloneCluster.start(new StandaloneCluster.Settings(
                Path.of("config", "flink"),
                workDir.resolve("flink"),
                2,
                0,
                Map.of(
                        // a killed TaskManager is declared lost within seconds, not the default 50 s
                        "heartbeat.interval", "1000",
                        "heartbeat.timeout", "10000",
                        // a parallelism-2 job takes a slot on each TaskManager, so killing either one hits it
                        "taskmanager.load-balance.mode", "slots")));
    }

    @AfterAll
    static void stopBrokerAndCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(2)
    void aTaskManagerKilledMidStreamCostsNoPrediction() throws Exception {
        ClusterJob job = ClusterJob.create("tm-kill", workDir, broker.bootstrapServers());
        List<Event> events = TestEvents.sensors(KEYS, SEED, 0, 250, 5);
        String id = job.submit(cluster, 2);
        try (CommittedPredictions predictions = new CommittedPredictions(job.spec(), TIMEOUT)) {
            cluster.rest().awaitTasksRunning(id, TIMEOUT);
            PacedProducer producer = PacedProducer.start(job.spec(), events, EVENTS_PER_SECOND);
            awaitCompletedCheckpoint(id);
            predictions.await(events.size() / 4);

            long killNanos = System.nanoTime();
            cluster.killTaskManager(cluster.taskManagers().get(0));
            int committedBeforeKill = predictions.count();
            cluster.startTaskManager();
            long restoredNanos = awaitRestored(id);
            predictions.await(events.size());
            producer.join();
            predictions.awaitQuiet(Duration.ofSeconds(2));
            cluster.awaitTaskManagers(2);

            Duration recovery =
                    Duration.ofNanos(restoredNanos - killNanos).plus(predictions.firstArrivalAfter(restoredNanos));
            assertEqualsReference(
                    "a TaskManager SIGKILLed mid-stream",
                    job.reference(events),
                    events.size(),
                    predictions,
                    committedBeforeKill,
                    recovery,
                    restores(id));
        } finally {
            cancelIfRunning(id);
        }
    }

    @Test
    @Order(3)
    void aBrokerKilledMidStreamAndRestartedCostsNoPrediction() throws Exception {
        ClusterJob job = ClusterJob.create("broker-kill", workDir, broker.bootstrapServers());
        List<Event> events = TestEvents.sensors(KEYS, SEED, 0, 250, 5);
        List<Event> firstHalf = events.subList(0, events.size() / 2);
        String id = job.submit(cluster, 2);
        try (CommittedPredictions predictions = new CommittedPredictions(job.spec(), TIMEOUT)) {
            cluster.rest().awaitTasksRunning(id, TIMEOUT);
            // the first half paced, so that the kill lands while events are still arriving and
            // predictions are in flight; its producer rides out the outage (an idempotent producer
            // retries, so no event is written twice), the second half follows after the restart
            PacedProducer producer = PacedProducer.start(job.spec(), firstHalf, EVENTS_PER_SECOND);
            awaitCompletedCheckpoint(id);
            predictions.await(firstHalf.size() / 4);

            broker.kill();
            int committedBeforeKill = predictions.count();
            assertThat(committedBeforeKill).as("killed mid-stream").isLessThan(firstHalf.size());
            Thread.sleep(BROKER_DOWNTIME.toMillis()); // the outage under test, not a wait for anything
            long restartNanos = System.nanoTime();
            broker.restart();
            producer.join();
            TestEvents.produce(job.spec(), events.subList(firstHalf.size(), events.size()), null);
            predictions.await(events.size());
            predictions.awaitQuiet(Duration.ofSeconds(2));

            assertEqualsReference(
                    "the broker SIGKILLed mid-stream, restarted after 10 s",
                    job.reference(events),
                    events.size(),
                    predictions,
                    committedBeforeKill,
                    predictions.firstArrivalAfter(restartNanos),
                    restores(id));
        } finally {
            cancelIfRunning(id);
        }
    }

    @Test
    @Order(4)
    void stopWithSavepointRescalesTheJobFrom2To4To1WithoutChangingAPrediction() throws Exception {
        ClusterJob job = ClusterJob.create("rescale", workDir, broker.bootstrapServers());
        List<Event> events = TestEvents.sensors(KEYS, SEED, 0, 240, 5);
        int part = events.size() / RESCALES.size();
        Path savepoints = cluster.workDir().resolve("savepoints");
        List<String> jobIds = new ArrayList<>(List.of(job.submit(cluster, RESCALES.get(0))));
        List<Long> resumeMillis = new ArrayList<>();
        try (CommittedPredictions predictions = new CommittedPredictions(job.spec(), TIMEOUT)) {
            for (int i = 0; i < RESCALES.size(); i++) {
                String id = jobIds.get(i);
                cluster.rest().awaitTasksRunning(id, TIMEOUT);
                assertThat(cluster.rest().vertexParallelism(id))
                        .as("the job's vertices")
                        .hasEntrySatisfying(
                                new Condition<>(name -> name.contains("predictor"), "the predictor"),
                                new Condition<>(RESCALES.get(i)::equals, "parallelism " + RESCALES.get(i)));
                int end = i == RESCALES.size() - 1 ? events.size() : (i + 1) * part;
                TestEvents.produce(job.spec(), events.subList(i * part, end), null);
                predictions.await(end);
                if (i < RESCALES.size() - 1) {
                    String savepoint = cluster.cli().stop(id, savepoints);
                    long stoppedNanos = System.nanoTime();
                    jobIds.add(job.resume(cluster, savepoint, RESCALES.get(i + 1)));
                    cluster.rest().awaitTasksRunning(jobIds.get(i + 1), TIMEOUT);
                    resumeMillis.add(
                            Duration.ofNanos(System.nanoTime() - stoppedNanos).toMillis());
                }
            }
            predictions.awaitQuiet(Duration.ofSeconds(2));

            assertEqualsReference(
                    "stop with savepoint at parallelism 2, resumed at 4, stopped, resumed at 1",
                    job.reference(events),
                    events.size(),
                    predictions,
                    part,
                    Duration.ofMillis(Collections.max(resumeMillis)),
                    "\"resume_ms\":" + resumeMillis);
        } finally {
            jobIds.forEach(ClusterFaultsITCase::cancelIfRunning);
        }
    }

    @Test
    @Order(5)
    void aModelAnnouncedWhileATaskManagerIsDownServesOnEverySubtaskAfterRecovery() throws Exception {
        ClusterJob job = ClusterJob.create("swap-tm-down", workDir, broker.bootstrapServers());
        List<Event> events = new ArrayList<>(TestEvents.sensors(KEYS, SEED, 0, 150, 5));
        String id = job.submit(cluster, 2);
        try (CommittedPredictions predictions = new CommittedPredictions(job.spec(), TIMEOUT)) {
            cluster.rest().awaitTasksRunning(id, TIMEOUT);
            PacedProducer producer = PacedProducer.start(job.spec(), List.copyOf(events), EVENTS_PER_SECOND);
            awaitCompletedCheckpoint(id);
            predictions.await(events.size() / 4);

            long killNanos = System.nanoTime();
            cluster.killTaskManager(cluster.taskManagers().get(0));
            int committedBeforeKill = predictions.count();
            ModelManifest stale = job.publish(2);
            ModelManifest newest = job.publish(3);
            ModelAnnouncements announcements = new ModelAnnouncements(job.spec());
            announcements.announce(job.store().pointer(newest));
            // sound weights, but older than the version announced before it: the job must refuse it
            announcements.announce(job.store().pointer(stale));
            cluster.startTaskManager();
            long restoredNanos = awaitRestored(id);
            producer.join();
            predictions.await(events.size());
            cluster.awaitTaskManagers(2);
            // which events the swap reaches first is up to timing: feed a few steps of every key at a
            // time until every key's newest prediction is the new version's
            for (int step = 150; !everyKeyEndsWith(predictions.predictions(job.spec()), newest.version()); step += 10) {
                assertThat(step)
                        .as("steps fed until every key serves the new version")
                        .isLessThan(400);
                List<Event> more = TestEvents.sensors(KEYS, SEED, step, step + 10);
                TestEvents.produce(job.spec(), more, null);
                events.addAll(more);
                predictions.await(events.size());
            }
            predictions.awaitQuiet(Duration.ofSeconds(2));

            Map<String, List<Prediction>> byKey = byKey(predictions.predictions(job.spec()));
            Map<String, Long> eventsPerKey = events.stream().collect(groupingBy(Event::getKey, counting()));
            assertThat(byKey).containsOnlyKeys(eventsPerKey.keySet());
            byKey.forEach((key, keyPredictions) -> {
                assertThat(keyPredictions)
                        .as("steps of %s: each event exactly once, in order", key)
                        .extracting(p -> p.step)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, eventsPerKey.get(key))
                                .boxed()
                                .toList());
                List<Long> versions =
                        keyPredictions.stream().map(p -> p.modelVersion).toList();
                assertThat(versions)
                        .as("model versions of %s", key)
                        .isSorted()
                        .doesNotContain(stale.version())
                        .endsWith(newest.version());
            });
            Duration recovery =
                    Duration.ofNanos(restoredNanos - killNanos).plus(predictions.firstArrivalAfter(restoredNanos));
            assertEqualsReference(
                    "a model announced while a TaskManager is down",
                    job.reference(events, OfflinePredictions.switchPoints(byKey), 1, newest.version()),
                    events.size(),
                    predictions,
                    committedBeforeKill,
                    recovery,
                    restores(id) + ",\"served_versions\":" + servedVersions(byKey));
        } finally {
            cancelIfRunning(id);
        }
    }

    /**
     * The bad-input suite ({@link BadInputSuite}: 40 kinds of malformed record, a duplicate and two events
     * refused in keyed state, among 720 valid events of 12 keys) through the job jar with arrival ordering
     * at parallelism 2 on a 3-partition events topic: the job runs on with no restart, the committed
     * predictions are the oracle's, every bad record has its dead letter, and the per-reason counters read
     * over Flink's REST API count them.
     */
    @Test
    @Order(6)
    void badInputIsDeadLetteredAndCountedWithoutARestart() throws Exception {
        ClusterJob job = ClusterJob.create(
                "bad-input",
                workDir,
                broker.bootstrapServers(),
                BadInputSuite.JOB_FIELDS + "time: {maxOutOfOrderness: 0s}\n",
                3);
        String id = job.submit(cluster, 2);
        try {
            cluster.rest().awaitTasksRunning(id, TIMEOUT);
            BadInputSuite.sendAndCheckOutputs(job.spec(), job.weights(1), false);

            // the REST endpoint shows the counters as of its last fetch: wait for the fetch that has them all
            int deadLetters = BadInputSuite.expectedCounts(false).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            Poll.until(
                    () -> deadLettersCounted(id).values().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .sum()
                            >= deadLetters,
                    TIMEOUT,
                    deadLetters + " dead letters counted");
            Map<DeadLetterReason, Double> counted = deadLettersCounted(id);
            assertThat(counted).as("the counters over REST").containsOnlyKeys(DeadLetterReason.values());
            BadInputSuite.assertCounted(counted::get, false);
            assertThat(cluster.rest().jobState(id)).hasValue("RUNNING");
            assertThat(cluster.rest().jobMetric(id, "numRestarts")).hasValue("0");
            assertThat(cluster.rest().checkpointCounts(id).orElseThrow().restored())
                    .isZero();
            System.out.printf(
                    Locale.ROOT,
                    "{\"scenario\":\"bad input on the cluster\",\"dead_letters\":%d,\"by_reason\":%d,"
                            + "\"num_restarts\":0}%n",
                    deadLetters,
                    counted.values().stream().filter(n -> n > 0).count());
        } finally {
            cancelIfRunning(id);
        }
    }

    /**
     * Issue 13's metrics as Prometheus scrapes them: the cluster's configuration (config/flink) enables
     * Flink's Prometheus reporter, and each TaskManager's {@code /metrics}, read over HTTP, must show the
     * predictor's counters and gauges for a known input (valid events of 16 keys and malformed records of
     * three reasons), summed over the TaskManagers' subtasks. Polled, since the counters grow as the job
     * goes; no timing is asserted.
     */
    @Test
    @Order(7)
    void theTaskManagersServeStepcastsMetricsToPrometheus() throws Exception {
        // arrival ordering: every event is predicted on arrival, none waits for a watermark
        ClusterJob job =
                ClusterJob.create("metrics", workDir, broker.bootstrapServers(), "time: {maxOutOfOrderness: 0s}\n", 2);
        List<Event> events = TestEvents.sensors(KEYS, SEED, 0, 20);
        Map<String, Integer> malformed = Map.of("malformed_json", 2, "missing_key", 1, "non_numeric_value", 1);
        String id = job.submit(cluster, 2);
        try {
            cluster.rest().awaitTasksRunning(id, TIMEOUT);
            TestEvents.produce(job.spec(), events, null);
            TestEvents.produceRaw(
                    job.spec(),
                    List.of(
                            "{not json".getBytes(StandardCharsets.UTF_8),
                            "[1, 2".getBytes(StandardCharsets.UTF_8),
                            "{\"ts\": 1767571200000, \"value\": 1.5}".getBytes(StandardCharsets.UTF_8),
                            "{\"key\": \"k\", \"ts\": 1767571200000, \"value\": \"high\"}"
                                    .getBytes(StandardCharsets.UTF_8)));

            Map<String, Double> expected = new TreeMap<>();
            expected.put(STEPCAST + "events", (double) events.size());
            expected.put(STEPCAST + "predictions", (double) events.size());
            malformed.forEach((reason, n) -> expected.put(STEPCAST + "reason_deadLetters{" + reason + "}", (double) n));
            AtomicReference<Map<String, Double>> seen = new AtomicReference<>(Map.of());
            Poll.until(
                    () -> seen.updateAndGet(last -> scrapedSums(id)).entrySet().containsAll(expected.entrySet()),
                    Duration.ofMillis(500),
                    TIMEOUT,
                    "the TaskManagers' /metrics to show " + expected);
            Map<String, Double> sums = seen.get();
            assertThat(sums.entrySet().stream()
                            .filter(e -> e.getKey().contains("deadLetters") && e.getValue() > 0)
                            .map(Map.Entry::getKey))
                    .as("the dead letters by reason")
                    .containsExactlyInAnyOrderElementsOf(expected.keySet().stream()
                            .filter(name -> name.contains("deadLetters"))
                            .toList());
            assertThat(sums)
                    .containsEntry(STEPCAST + "modelSwaps", 0.0)
                    .containsEntry(STEPCAST + "rejectedModels", 0.0)
                    .containsEntry(STEPCAST + "rewarmedKeys", 0.0)
                    .containsKeys(
                            STEPCAST + "anomalies",
                            STEPCAST + "predictionError_count",
                            STEPCAST + "processingNanos_count");
            // a key's first `horizon` events have no earlier prediction to score
            assertThat(sums.get(STEPCAST + "predictionError_count"))
                    .isEqualTo(events.size() - KEYS * job.spec().model().horizon());
            assertThat(sums.get(STEPCAST + "processingNanos_count")).isPositive();
            List<PrometheusScrape.Sample> samples = scraped(id);
            assertThat(samples)
                    .as("the histograms' medians (Prometheus summaries)")
                    .anyMatch(q -> q.name().equals(STEPCAST + "predictionError")
                            && "0.5".equals(q.labels().get("quantile"))
                            && q.value() > 0)
                    .anyMatch(q -> q.name().equals(STEPCAST + "processingNanos")
                            && "0.5".equals(q.labels().get("quantile"))
                            && q.value() > 0);
            System.out.println("scraped Stepcast metric names: "
                    + samples.stream()
                            .map(sample -> sample.name()
                                    + (sample.labels().containsKey("quantile")
                                            ? "{quantile=" + sample.labels().get("quantile") + "}"
                                            : ""))
                            .collect(toCollection(TreeSet::new)));
            Set<String> scrapedNames =
                    samples.stream().map(PrometheusScrape.Sample::name).collect(toCollection(TreeSet::new));
            assertThat(scrapedNames)
                    .as("every metric of the job that the Grafana dashboard may query (deploy/exported-metrics.txt)")
                    .containsAll(DeploymentFiles.exportedMetrics().stream()
                            .filter(name -> name.startsWith(STEPCAST))
                            .toList());
            List<PrometheusScrape.Sample> versions = samples.stream()
                    .filter(sample -> sample.name().equals(STEPCAST + "modelVersion"))
                    .toList();
            assertThat(versions)
                    .as("the predictor's subtasks' model versions")
                    .hasSize(2)
                    .allSatisfy(sample -> assertThat(sample.value()).isEqualTo(1.0));
            System.out.printf(
                    Locale.ROOT, "{\"scenario\":\"metrics scraped from the TaskManagers\",\"metrics\":%s}%n", sums);
        } finally {
            cancelIfRunning(id);
        }
    }

    /** Every Stepcast metric sample of job {@code jobId} on the TaskManagers' Prometheus endpoints. */
    private static List<PrometheusScrape.Sample> scraped(String jobId) {
        List<PrometheusScrape.Sample> samples = new ArrayList<>();
        for (Process taskManager : cluster.taskManagers()) {
            try {
                PrometheusScrape.of(cluster.metricsUrl(taskManager)).samples().stream()
                        .filter(sample -> sample.name().startsWith(STEPCAST)
                                && jobId.equals(sample.labels().get("job_id")))
                        .forEach(samples::add);
            } catch (IOException e) {
                // the reporter not up yet: the caller polls
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return samples;
    }

    /**
     * The job's Stepcast samples summed over subtasks and TaskManagers by name, a dead-letter counter's name
     * with its reason ({@code ..._reason_deadLetters{malformed_json}}); a histogram's quantiles are left out.
     */
    private static Map<String, Double> scrapedSums(String jobId) {
        Map<String, Double> sums = new TreeMap<>();
        for (PrometheusScrape.Sample sample : scraped(jobId)) {
            if (!sample.labels().containsKey("quantile")) {
                String reason = sample.labels().get("reason");
                sums.merge(sample.name() + (reason == null ? "" : "{" + reason + "}"), sample.value(), Double::sum);
            }
        }
        return sums;
    }

    /** The job's dead-letter counters over REST, summed over operators and subtasks, by reason. */
    private static Map<DeadLetterReason, Double> deadLettersCounted(String jobId) {
        Map<DeadLetterReason, Double> counted = new EnumMap<>(DeadLetterReason.class);
        cluster.rest()
                .subtaskMetricSums(
                        jobId, metric -> DEAD_LETTER_COUNTER.matcher(metric).matches())
                .forEach((metric, sum) -> {
                    Matcher m = DEAD_LETTER_COUNTER.matcher(metric);
                    if (m.matches()) {
                        counted.merge(DeadLetterReason.valueOf(m.group(1).toUpperCase(Locale.ROOT)), sum, Double::sum);
                    }
                });
        return counted;
    }

    private static boolean everyKeyEndsWith(List<Prediction> predictions, long version) {
        Map<String, List<Prediction>> byKey = byKey(predictions);
        return byKey.size() == KEYS
                && byKey.values().stream().allMatch(p -> p.get(p.size() - 1).modelVersion == version);
    }

    private static Map<String, List<Prediction>> byKey(List<Prediction> predictions) {
        return predictions.stream().collect(groupingBy(p -> p.key, LinkedHashMap::new, toList()));
    }

    private static Set<Long> servedVersions(Map<String, List<Prediction>> byKey) {
        return byKey.values().stream()
                .flatMap(List::stream)
                .map(p -> p.modelVersion)
                .collect(toCollection(TreeSet::new));
    }

    /**
     * Prints the scenario's figures as one JSON line ({@code more}: further JSON members) and asserts
     * that the committed predictions are the reference's, per key in order.
     */
    private static void assertEqualsReference(
            String scenario,
            List<Received> reference,
            int eventsIn,
            CommittedPredictions predictions,
            int committedBeforeFault,
            Duration recovery,
            String more) {
        List<Received> received = predictions.received();
        OutputFigures figures = OutputFigures.of(reference, received);
        System.out.printf(
                Locale.ROOT,
                "{\"scenario\":\"%s\",\"events_in\":%d,\"predictions_out\":%d,\"committed_before_fault\":%d,"
                        + "\"lost\":%d,\"doubled\":%d,\"differing\":%d,\"recovery_ms\":%d,%s}%n",
                scenario,
                eventsIn,
                received.size(),
                committedBeforeFault,
                figures.lost(),
                figures.doubled(),
                figures.differing(),
                recovery.toMillis(),
                more);
        assertThat(figures).isEqualTo(OutputFigures.NONE);
        assertThat(OutputFigures.byKey(received)).isEqualTo(OutputFigures.byKey(reference));
    }

    private static String restores(String jobId) {
        return "\"restores\":"
                + cluster.rest().checkpointCounts(jobId).orElseThrow().restored();
    }

    private static void awaitCompletedCheckpoint(String jobId) {
        cluster.rest()
                .awaitCheckpointCounts(jobId, counts -> counts.completed() >= 1, TIMEOUT, "a completed checkpoint");
    }

    /** Waits until the job has restored from a checkpoint (proof that the fault hit it); returns when it saw that. */
    private static long awaitRestored(String jobId) {
        cluster.rest()
                .awaitCheckpointCounts(jobId, counts -> counts.restored() >= 1, TIMEOUT, "a restore from a checkpoint");
        return System.nanoTime();
    }

    /** Frees the job's slots for the next scenario, even when this one failed. */
    private static void cancelIfRunning(String jobId) {
        if (cluster.rest()
                .jobState(jobId)
                .filter(state -> !Set.of("FINISHED", "CANCELED", "FAILED").contains(state))
                .isPresent()) {
            cluster.cli().cancel(jobId);
        }
    }
}
