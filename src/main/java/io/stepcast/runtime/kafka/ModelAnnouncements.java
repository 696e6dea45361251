package io.stepcast.runtime.kafka;

import io.stepcast.runtime.model.ModelFormatException;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The models topic, from the announcing side: a compacted topic whose value is a {@link ModelPointer}
 * as JSON and whose record key is {@code <job name>/<version>}. One key per version, not per job:
 * compaction then keeps every version's announcement, so a stale or refused announcement sent later
 * can never displace the newest valid one, and a job starting without state still finds it.
 */
public final class ModelAnnouncements {
    private final JobSpec spec;

    public ModelAnnouncements(JobSpec spec) {
        this.spec = spec;
    }

    /** The prefix of the record keys of {@code job}'s announcements. */
    public static String keyPrefix(String job) {
        return job + "/";
    }

    /** Publishes an announcement and waits until the broker has it. */
    public void announce(ModelPointer pointer) {
        announceRaw(String.valueOf(pointer.version()), pointer.toJson());
    }

    /**
     * Publishes any text as an announcement under {@code <job>/<keySuffix>}; jobs must refuse what is
     * not a valid one (tests and the demo use this to show that they do).
     */
    public void announceRaw(String keySuffix, String json) {
        byte[] key = (keyPrefix(spec.name()) + keySuffix).getBytes(StandardCharsets.UTF_8);
        Properties props = KafkaClientProperties.of(spec).producer();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(spec.topics().models(), key, json.getBytes(StandardCharsets.UTF_8)))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot announce on " + spec.topics().models() + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing a model", e);
        }
    }

    /**
     * The version the job serves: the newest announcement whose weights {@code store} verifies for
     * this job, as the job itself does (announcements it refuses never serve). Empty before any.
     */
    public Optional<ModelPointer> serving(ModelStore store) {
        return all().stream()
                .sorted(Comparator.comparingLong(ModelPointer::version).reversed())
                .filter(p -> servable(store, p))
                .findFirst();
    }

    /**
     * What a starting job serves: the {@link #serving} version or, on this job's first start with
     * nothing announced, the store's newest version, which it announces. Empty while the store is empty.
     * Every entry point that starts the job ({@code run}, the cluster job jar) calls this, so both start
     * the same way.
     */
    public Optional<ModelPointer> servingOrAnnounceNewest(ModelStore store) {
        Optional<ModelPointer> serving = serving(store);
        if (serving.isPresent()) {
            return serving;
        }
        Optional<ModelPointer> newest = store.latest().map(store::pointer);
        newest.ifPresent(this::announce);
        return newest;
    }

    private boolean servable(ModelStore store, ModelPointer pointer) {
        try {
            store.load(pointer, spec);
            return true;
        } catch (ModelFormatException | UncheckedIOException e) {
            return false;
        }
    }

    /** Every readable announcement of this job on the topic, in topic order. */
    public List<ModelPointer> all() {
        String prefix = keyPrefix(spec.name());
        List<ModelPointer> pointers = new ArrayList<>();
        TopicRange.read(
                KafkaClientProperties.of(spec).consumer(), spec.topics().models(), TopicRange.BEGINNING, record -> {
                    if (record.key() == null
                            || record.value() == null
                            || !new String(record.key(), StandardCharsets.UTF_8).startsWith(prefix)) {
                        return;
                    }
                    try {
                        pointers.add(ModelPointer.parse(new String(record.value(), StandardCharsets.UTF_8)));
                    } catch (ModelFormatException ignored) {
                        // an unreadable announcement never served; the job refused it too
                    }
                });
        return pointers;
    }
}
