package io.stepcast.tools.embedded;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker in the test JVM for one test class:
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 * starts it before the class's tests and stops it after them.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        kafka.close();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public void createTopics(Map<String, Integer> partitions, List<String> compacted) {
        kafka.createTopics(partitions, compacted);
    }
}
