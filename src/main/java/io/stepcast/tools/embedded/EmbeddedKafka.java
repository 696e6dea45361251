package io.stepcast.tools.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, on a free
 * loopback port, with its data in a temporary folder deleted on close. For the demo and the tests;
 * never for production.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() {
        return start(ClientListener.PLAINTEXT);
    }

    /** A broker whose clients connect as {@code clients} says (TLS, SASL over TLS). */
    public static EmbeddedKafka start(ClientListener clients) {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            SingleNodeBrokerSettings.SETTINGS.forEach(builder::setConfigProp);
            // the test kit only builds plaintext listeners itself, but leaves a security map set here alone
            clients.brokerSettings(nodes.brokerListenerName(), nodes.controllerListenerName())
                    .forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /** The test kit's format step prints its metadata to stdout; keep the demo's output readable. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics with the given partition counts; those in {@code compacted} keep only the last value per key. */
    public void createTopics(Map<String, Integer> partitions, List<String> compacted) {
        KafkaTopics.create(bootstrapServers(), partitions, compacted);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
