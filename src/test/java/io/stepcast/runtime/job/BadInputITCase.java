package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.InJvmMetrics;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input ({@link BadInputCases}) mixed into a live stream, on a real broker and the
 * MiniCluster, in both ordering modes. The job must run on without a restart (its restart strategy is
 * "none", so any failure fails the test), every valid event must get exactly the prediction it gets
 * without the bad records around it (the offline oracle), every bad record must be in the dead-letter
 * topic with its reason, its bytes (cut, and saying so, beyond {@code input.deadLetterPayloadBytes})
 * and its coordinates, and each reason's counter must count its dead letters.
 *
 * <p>Event-time ordering runs at parallelism 1 on a one-partition topic: a watermark then follows the
 * produced order exactly, so which event is late is decided by the test, not by how the source happened
 * to interleave partitions.
 */
class BadInputITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(InJvmMetrics.enable(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "maxOutOfOrderness {0}")
    @ValueSource(strings = {"0s", "1s"})
    void noInputStopsPoisonsOrStallsTheJob(String maxOutOfOrderness) throws Exception {
        boolean eventTime = !maxOutOfOrderness.equals("0s");
        JobSpec spec = spec(maxOutOfOrderness, eventTime ? 1 : 2);
        ModelWeights weights = TestSpecs.randomWeightsFor(spec, 7);
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest model = TestSpecs.publish(store, spec, weights);
        new ModelAnnouncements(spec).announce(store.pointer(model));
        JobClient job = start(spec);
        try {
            checkSuite(spec, weights, job, eventTime);
        } finally {
            job.cancel().get();
        }
    }

    private static void checkSuite(JobSpec spec, ModelWeights weights, JobClient job, boolean eventTime)
            throws Exception {
        Map<String, BadInputCases.Sent> byCoordinates = new LinkedHashMap<>();
        List<Event> valid = new ArrayList<>();
        String predictions = spec.topics().predictions();
        // with event-time ordering, each key's newest step waits for a later event to move the watermark
        int waiting = eventTime ? BadInputCases.KEYS : 0;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, spec, BadInputCases.stream(0, BadInputCases.PHASE_B), byCoordinates, valid);
            List<byte[]> received = new ArrayList<>(
                    CommittedRecords.values(KAFKA.bootstrapServers(), predictions, valid.size() - waiting));
            // every step so far is behind the watermark (or the key's last event) now
            send(producer, spec, BadInputCases.keyedCases(eventTime), byCoordinates, valid);
            int sentBefore = valid.size();
            send(
                    producer,
                    spec,
                    BadInputCases.stream(BadInputCases.PHASE_B, BadInputCases.STEPS),
                    byCoordinates,
                    valid);
            received.addAll(CommittedRecords.values(KAFKA.bootstrapServers(), predictions, valid.size() - sentBefore));

            List<Event> released = valid.subList(0, valid.size() - waiting);
            assertThat(OfflinePredictions.byKey(spec, received))
                    .isEqualTo(OfflinePredictions.of(spec, released, Map.of(), Map.of(1L, weights)));
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                CommittedRecords.next(KAFKA.bootstrapServers(), spec.topics().deadLetter(), byCoordinates.size());
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            assertThat(record.serializedValueSize()).isLessThan(spec.kafka().maxRequestSize());
            JsonNode d = JSON.readTree(record.value());
            String at = d.get("partition").asInt() + "/" + d.get("offset").asLong();
            BadInputCases.Sent sent = byCoordinates.remove(at);
            assertThat(sent)
                    .as("the record at %s, dead-lettered as %s", at, d.get("reason"))
                    .isNotNull();
            assertThat(d.get("reason").asText())
                    .as(sent.name())
                    .isEqualTo(sent.refusedAs().code());
            assertThat(d.get("detail").asText()).as(sent.name()).isNotBlank();
            assertThat(d.get("topic").asText()).isEqualTo(spec.topics().events());
            if (DeadLetterReason.KEYED.contains(sent.refusedAs())) {
                // refused after parsing: the payload is the event as the job read it
                assertThat(new String(payload(d), StandardCharsets.UTF_8)).contains("\"key\":\"key-0");
            } else {
                assertHoldsTheRecordsBytes(d, sent, spec.input().deadLetterPayloadBytes());
            }
        }
        assertThat(byCoordinates).as("bad records without a dead letter").isEmpty();

        Map<DeadLetterReason, Integer> expected = new HashMap<>();
        allCases(eventTime).forEach(c -> expected.merge(c.refusedAs(), 1, Integer::sum));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(InJvmMetrics.values(spec.name(), "reason." + reason.code() + ".deadLetters")
                            .sum())
                    .as("dead letters counted as %s", reason.code())
                    .isEqualTo(expected.getOrDefault(reason, 0).doubleValue());
        }
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(InJvmMetrics.values(spec.name(), "numRestarts").max()).hasValue(0);
    }

    private static List<BadInputCases.Sent> allCases(boolean eventTime) {
        List<BadInputCases.Sent> all = new ArrayList<>(BadInputCases.stream(0, BadInputCases.PHASE_B));
        all.addAll(BadInputCases.keyedCases(eventTime));
        all.addAll(BadInputCases.stream(BadInputCases.PHASE_B, BadInputCases.STEPS));
        return all.stream().filter(s -> s.refusedAs() != null).toList();
    }

    private static void assertHoldsTheRecordsBytes(JsonNode d, BadInputCases.Sent sent, int kept) {
        if (sent.value() == null) {
            assertThat(d.get("payload").isNull()).as(sent.name()).isTrue();
            return;
        }
        byte[] original = sent.value();
        byte[] payload = payload(d);
        assertThat(d.get("payloadBytes").asInt()).as(sent.name()).isEqualTo(original.length);
        assertThat(d.get("truncated").asBoolean()).as(sent.name()).isEqualTo(original.length > kept);
        assertThat(payload.length).as(sent.name()).isLessThanOrEqualTo(kept);
        // whole, or its beginning cut at most three bytes short of the limit (a character boundary)
        assertThat(payload)
                .as(sent.name())
                .isEqualTo(Arrays.copyOf(original, payload.length))
                .hasSizeGreaterThanOrEqualTo(Math.min(original.length, kept - 3));
    }

    private static byte[] payload(JsonNode d) {
        return d.has("payloadBase64")
                ? Base64.getDecoder().decode(d.get("payloadBase64").asText())
                : d.get("payload").asText().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends in order, waiting for each record's coordinates; records every valid event and every refused one. */
    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            JobSpec spec,
            List<BadInputCases.Sent> records,
            Map<String, BadInputCases.Sent> refused,
            List<Event> valid)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (BadInputCases.Sent s : records) {
            acks.add(producer.send(new ProducerRecord<>(spec.topics().events(), s.key(), s.value())));
        }
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata at = acks.get(i).get();
            BadInputCases.Sent s = records.get(i);
            if (s.refusedAs() != null) {
                refused.put(at.partition() + "/" + at.offset(), s);
            } else {
                valid.add(s.accepted());
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = KafkaClientProperties.at(KAFKA.bootstrapServers()).producer();
        // the suite sends a record of 900 KB: more than a producer's default request size
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private JobSpec spec(String maxOutOfOrderness, int parallelism) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        JobSpec spec = TestSpecs.parse("name: bad-" + id + "\n"
                        + "topics: {events: ev-" + id + ", predictions: pr-" + id + ", deadLetter: dl-" + id
                        + ", models: mo-" + id + "}\n"
                        + "kafka: {groupId: bad-" + id + ", startFrom: earliest}\n"
                        + BadInputCases.JOB_FIELDS
                        + "time: {maxOutOfOrderness: " + maxOutOfOrderness + "}\n"
                        + "model: {cell: lstm, hidden: 8}\n"
                        + "delivery: {guarantee: exactly-once, checkpointInterval: 300ms}\n"
                        + "parallelism: " + parallelism + "\n")
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        KAFKA.createTopics(
                Map.of(
                        spec.topics().events(), parallelism == 1 ? 1 : 3,
                        spec.topics().predictions(), 2,
                        spec.topics().deadLetter(), 1,
                        spec.topics().models(), 1),
                List.of(spec.topics().models()));
        return spec;
    }

    private static JobClient start(JobSpec spec) throws Exception {
        Configuration conf = new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        new PredictionJob(spec, spec.model().store()).buildOnKafka(env, KafkaConnectors.eventSource(spec));
        return env.executeAsync(spec.name());
    }
}
