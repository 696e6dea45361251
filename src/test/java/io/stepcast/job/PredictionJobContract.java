package io.stepcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.demo.SyntheticSensors;
import io.stepcast.embedded.KafkaTopics;
import io.stepcast.io.Event;
import io.stepcast.io.EventSequences;
import io.stepcast.io.JsonCodec;
import io.stepcast.io.KafkaConnectors;
import io.stepcast.io.Prediction;
import io.stepcast.model.ModelManifest;
import io.stepcast.model.ModelStore;
import io.stepcast.model.RecurrentKernel;
import io.stepcast.predict.KeyPredictor;
import io.stepcast.spec.JobSpec;
import io.stepcast.spec.JobSpecLoader;
import io.stepcast.state.KeyState;
import io.stepcast.train.ModelPublisher;
import io.stepcast.train.Trainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end on real parts: a real Kafka broker (subclasses say which), a DL4J-trained model
 * in a model store, the job on a Flink MiniCluster with parallelism 2 and exactly-once Kafka output.
 * Every prediction read back must equal the offline computation of the same model over the same
 * per-key sequence, and every bad record must be dead-lettered.
 */
abstract class PredictionJobContract {
    private static final int KEYS = 24;
    private static final String JOB = """
            name: it
            kafka: {groupId: it, startFrom: earliest}
            topics: {events: it-events, predictions: it-predictions, deadLetter: it-dlq, models: it-models}
            time: {features: [hour-of-day]}
            model: {cell: lstm, hidden: 8, horizon: 2}
            delivery: {guarantee: exactly-once, checkpointInterval: 500ms}
            training: {epochs: 2, sequenceLength: 100, tbptt: 25, batchSize: 8, seed: 3}
            parallelism: 2
            """;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Bootstrap servers of the broker under test. */
    abstract String bootstrapServers();

    @Test
    void everyEventGetsExactlyThePredictionTheModelGivesOffline(@TempDir Path models) throws Exception {
        JobSpec spec = JobSpecLoader.parse("it.yaml", JOB.getBytes(StandardCharsets.UTF_8))
                .withBootstrap(bootstrapServers())
                .withModelStore(models.toString());
        KafkaTopics.create(bootstrapServers(), Map.of(spec.topics().events(), 3, spec.topics().predictions(), 2,
                spec.topics().deadLetter(), 1), List.of());

        SyntheticSensors sensors = new SyntheticSensors(KEYS, 11);
        ModelStore store = new ModelStore(spec.model().store());
        Trainer.TrainedModel trained = new Trainer(spec)
                .train(EventSequences.byKey(sensors.generate(0, 300, Integer.MAX_VALUE, 0)), null, line -> {});
        ModelManifest model = new ModelPublisher(spec, store).publish(trained);

        List<Event> live = sensors.generate(300, 400, 320, 5);
        List<String> bad = List.of("{oops", "[]", "{\"key\":\"k\",\"ts\":1,\"value\":\"x\"}", "");
        produce(spec, live, bad);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PredictionJob(spec, store.uri(), model).build(env,
                KafkaConnectors.eventSourceBuilder(spec).setBounded(OffsetsInitializer.latest()).build(),
                KafkaConnectors.predictionSink(spec), KafkaConnectors.deadLetterSink(spec));
        env.execute("integration");

        JsonCodec codec = new JsonCodec(spec.fields().features());
        Map<String, List<Prediction>> received = new HashMap<>();
        for (byte[] value : readAll(spec.topics().predictions(), live.size())) {
            Prediction p = codec.readPrediction(value);
            received.computeIfAbsent(p.key, k -> new ArrayList<>()).add(p);
        }
        List<byte[]> deadLetters = readAll(spec.topics().deadLetter(), bad.size());

        Map<String, List<Prediction>> expected = offline(spec, store, model, live);
        assertThat(received).hasSize(KEYS);
        assertThat(received.keySet()).isEqualTo(expected.keySet());
        for (String key : expected.keySet()) {
            assertThat(received.get(key)).as("predictions of %s", key).containsExactlyElementsOf(expected.get(key));
        }
        assertThat(deadLetters).hasSize(bad.size());
        assertThat(deadLetters).map(d -> (String) JsonCodec.readObject(d).get("reason"))
                .containsExactlyInAnyOrder("malformed_json", "not_an_object", "non_numeric_value", "empty_payload");
    }

    private static Map<String, List<Prediction>> offline(JobSpec spec, ModelStore store, ModelManifest model,
            List<Event> events) {
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(store.loadWeights(model)), model.version());
        Map<String, List<Prediction>> out = new HashMap<>();
        EventSequences.byKey(events).forEach((key, sequence) -> {
            KeyState state = predictor.newState();
            out.put(key, sequence.stream().map(e -> predictor.step(state, e)).toList());
        });
        return out;
    }

    private void produce(JobSpec spec, List<Event> events, List<String> bad) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        JsonCodec codec = new JsonCodec(spec.fields().features());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                producer.send(new ProducerRecord<>(spec.topics().events(), e.key.getBytes(StandardCharsets.UTF_8),
                        codec.event(e, spec.fields())));
                if (i % 500 == 250 && i / 500 < bad.size()) {
                    producer.send(new ProducerRecord<>(spec.topics().events(),
                            bad.get(i / 500).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    /**
     * Reads a topic from the beginning: until {@code expected} records are there (the job has finished
     * and committed, so they are; the deadline only turns a bug into a failure instead of a hang), then
     * one more poll to catch any extra record.
     */
    private List<byte[]> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
