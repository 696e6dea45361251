package io.stepcast.tools.embedded;

import java.util.Map;

/**
 * The broker settings a one-node Kafka cluster needs, wherever it runs: inside this JVM
 * ({@link EmbeddedKafka}) or as a process of its own ({@code tools.cluster.KafkaBrokerProcess}).
 */
public final class SingleNodeBrokerSettings {
    private SingleNodeBrokerSettings() {}

    /**
     * Internal topics must not ask for three replicas, or consumer groups and transactions wait
     * forever; topics are created on purpose, so a typo in a topic name fails instead of creating one.
     */
    public static final Map<String, String> SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");
}
