package io.stepcast.tools.embedded;

import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/** Topic creation on any broker (embedded or not), single-replica: for the demo and tests. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /** Creates topics with the given partition counts; those in {@code compacted} keep only the last value per key. */
    public static void create(String bootstrap, Map<String, Integer> partitions, List<String> compacted) {
        try (Admin admin = Admin.create(KafkaClientProperties.at(bootstrap).admin())) {
            create(admin, partitions, compacted);
        }
    }

    /**
     * Creates those of a job's four topics that do not exist yet: events and predictions with
     * {@code partitions} partitions, the dead-letter topic with one, the models topic with one and
     * compacted. Returns the names it created, so a second call on the same broker creates nothing.
     * Connects with the job's own client properties, so a broker that wants credentials gets them.
     */
    public static List<String> createFor(JobSpec spec, int partitions) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put(spec.topics().events(), partitions);
        wanted.put(spec.topics().predictions(), partitions);
        wanted.put(spec.topics().deadLetter(), 1);
        wanted.put(spec.topics().models(), 1);
        try (Admin admin = Admin.create(KafkaClientProperties.of(spec).admin())) {
            wanted.keySet().removeAll(admin.listTopics().names().get());
            if (!wanted.isEmpty()) {
                create(admin, wanted, List.of(spec.topics().models()));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list the topics of " + spec.kafka().bootstrap() + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while listing the topics of " + spec.kafka().bootstrap(), e);
        }
        return List.copyOf(wanted.keySet());
    }

    private static void create(Admin admin, Map<String, Integer> partitions, List<String> compacted) {
        try {
            admin.createTopics(partitions.entrySet().stream()
                            .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)
                                    .configs(
                                            compacted.contains(e.getKey())
                                                    ? Map.of(
                                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                                            TopicConfig.CLEANUP_POLICY_COMPACT)
                                                    : Map.of()))
                            .toList())
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics " + partitions.keySet() + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + partitions.keySet(), e);
        }
    }

    /** The offset the next record of each partition of {@code topic} will get. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (Admin admin = Admin.create(KafkaClientProperties.at(bootstrap).admin())) {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            return admin
                    .listOffsets(partitions.stream()
                            .collect(Collectors.toMap(
                                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest())))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the end offsets of " + topic + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
        }
    }
}
