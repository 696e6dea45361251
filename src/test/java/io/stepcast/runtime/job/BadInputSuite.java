package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.json.RecordSchemas;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bad-input suite ({@link BadInputCases}) as any running job is put through it, wherever it runs (the
 * MiniCluster in {@link BadInputITCase}, a standalone cluster in {@code ClusterFaultsITCase}): sends the
 * whole stream to the job's events topic and checks its output topics. How a run's counters and restarts
 * are read differs by where it runs; what they must be is {@link #assertCounted}.
 */
public final class BadInputSuite {
    /** The job file's {@code fields} section the cases are written for. */
    public static final String JOB_FIELDS = BadInputCases.JOB_FIELDS;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BadInputSuite() {}

    /**
     * Sends the suite to the job of {@code spec} (serving model {@code weights}; {@code eventTime}: its
     * ordering mode) on the broker the spec names, then asserts that the committed predictions are the
     * offline oracle's for the valid events, and that every bad record, found by partition and offset,
     * has its dead letter with its reason, its bytes and its coordinates, and nothing else has one.
     */
    public static void sendAndCheckOutputs(JobSpec spec, ModelWeights weights, boolean eventTime) throws Exception {
        String bootstrap = spec.kafka().bootstrap();
        Map<String, BadInputCases.Sent> byCoordinates = new LinkedHashMap<>();
        List<Event> valid = new ArrayList<>();
        String predictions = spec.topics().predictions();
        // with event-time ordering, each key's newest step waits for a later event to move the watermark
        int waiting = eventTime ? BadInputCases.KEYS : 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            send(producer, spec, BadInputCases.stream(0, BadInputCases.PHASE_B), byCoordinates, valid);
            List<byte[]> received = new ArrayList<>(
                    CommittedRecords.values(bootstrap, predictions, RecordSchemas.PREDICTION, valid.size() - waiting));
            // every step so far is behind the watermark (or the key's last event) now
            send(producer, spec, BadInputCases.keyedCases(eventTime), byCoordinates, valid);
            int sentBefore = valid.size();
            send(
                    producer,
                    spec,
                    BadInputCases.stream(BadInputCases.PHASE_B, BadInputCases.STEPS),
                    byCoordinates,
                    valid);
            received.addAll(CommittedRecords.values(
                    bootstrap, predictions, RecordSchemas.PREDICTION, valid.size() - sentBefore));

            List<Event> released = valid.subList(0, valid.size() - waiting);
            assertThat(OfflinePredictions.byKey(spec, received))
                    .isEqualTo(OfflinePredictions.of(spec, released, Map.of(), Map.of(1L, weights)));
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedRecords.next(
                bootstrap, spec.topics().deadLetter(), RecordSchemas.DEAD_LETTER, byCoordinates.size());
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
    }

    /** How many dead letters of each reason the suite makes (reasons it does not make are absent). */
    public static Map<DeadLetterReason, Integer> expectedCounts(boolean eventTime) {
        Map<DeadLetterReason, Integer> expected = new EnumMap<>(DeadLetterReason.class);
        allCases(eventTime).forEach(c -> expected.merge(c.refusedAs(), 1, Integer::sum));
        return expected;
    }

    /** Asserts that every reason's counter, as {@code counted} reads it, counts the suite's dead letters of that reason. */
    public static void assertCounted(ToDoubleFunction<DeadLetterReason> counted, boolean eventTime) {
        Map<DeadLetterReason, Integer> expected = expectedCounts(eventTime);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(counted.applyAsDouble(reason))
                    .as("dead letters counted as %s", reason.code())
                    .isEqualTo(expected.getOrDefault(reason, 0).doubleValue());
        }
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

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = KafkaClientProperties.at(bootstrap).producer();
        // the suite sends a record of 900 KB: more than a producer's default request size
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
