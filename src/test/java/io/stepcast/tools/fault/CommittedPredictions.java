package io.stepcast.tools.fault;

import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a job's predictions topic as a downstream service does (read_committed), in the background:
 * only what the job's transactions committed is seen, so whatever a fault makes the job write twice and
 * abort never counts.
 */
public final class CommittedPredictions implements AutoCloseable {
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean open = true;

    /** @param timeout how long {@link #await} waits before it fails */
    public CommittedPredictions(JobSpec spec, Duration timeout) {
        this.timeout = timeout;
        JsonCodec codec = JsonCodec.of(spec);
        Properties props = KafkaClientProperties.of(spec).consumer();
        thread = new Thread(
                () -> {
                    try (KafkaConsumer<byte[], byte[]> consumer =
                            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                        // assigned, not subscribed: a consumer group without committed offsets would
                        // start again from the earliest offset after the rebalance a broker restart
                        // causes, and read everything twice
                        String topic = spec.topics().predictions();
                        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                                .map(info -> new TopicPartition(topic, info.partition()))
                                .toList();
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        while (open) {
                            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                                Prediction p = codec.readPrediction(r.value());
                                received.add(new Received(
                                        new String(r.key(), StandardCharsets.UTF_8),
                                        p.step,
                                        new String(r.value(), StandardCharsets.UTF_8),
                                        System.nanoTime()));
                            });
                        }
                    }
                },
                "committed-predictions-" + spec.name());
        thread.start();
    }

    public int count() {
        return received.size();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The parsed predictions, in arrival order. */
    public List<Prediction> predictions(JobSpec spec) {
        JsonCodec codec = JsonCodec.of(spec);
        return received.stream()
                .map(r -> codec.readPrediction(r.json().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    public void await(int count) {
        Poll.until(() -> count() >= count, timeout, count + " predictions (have " + count() + ")");
    }

    /** Waits until nothing has arrived for {@code quiet}: catches a prediction written twice after the last one awaited. */
    public void awaitQuiet(Duration quiet) {
        long quietNanos = quiet.toNanos();
        Poll.until(
                () -> System.nanoTime() - received.get(received.size() - 1).nanos() > quietNanos,
                timeout,
                "no prediction for " + quiet);
    }

    /**
     * How long from {@code sinceNanos} until the first prediction that arrived after it; zero when
     * none did, because output had already resumed and caught up before {@code sinceNanos} was taken
     * (the test polls for a restore, so it may notice one only after the job has worked off its input).
     */
    public Duration firstArrivalAfter(long sinceNanos) {
        return received.stream()
                .filter(r -> r.nanos() > sinceNanos)
                .findFirst()
                .map(r -> Duration.ofNanos(r.nanos() - sinceNanos))
                .orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        thread.join();
    }
}
