package io.stepcast.runtime.job;

import io.stepcast.tools.embedded.KafkaBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PredictionJobContract} on a KRaft broker started in this JVM: runs everywhere. */
class EmbeddedKafkaPredictionJobITCase extends PredictionJobContract {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Override
    String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }
}
