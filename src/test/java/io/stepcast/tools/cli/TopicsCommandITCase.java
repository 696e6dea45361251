package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code topics}: a job's four topics on a broker that does not create topics by itself. */
class TopicsCommandITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void createsTheJobsTopicsOnceWithTheirPartitionsAndCompaction(@TempDir Path dir) throws Exception {
        Path job = Files.writeString(
                dir.resolve("t.yaml"), "name: t\ntopics: {events: t-in, predictions: t-out, models: t-models}\n");
        String[] args = {"topics", "--job", job.toString(), "--bootstrap", KAFKA.bootstrapServers(), "--partitions", "3"
        };

        assertThat(Cli.run(args)).isEqualTo("created t-in, t-out, t-in-dlq, t-models\n");
        assertThat(Cli.run(args)).isEqualTo("all topics exist\n");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                            List.of("t-in", "t-out", "t-in-dlq", "t-models"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(topics.get("t-in").partitions()).hasSize(3);
            assertThat(topics.get("t-out").partitions()).hasSize(3);
            assertThat(topics.get("t-in-dlq").partitions()).hasSize(1);
            assertThat(topics.get("t-models").partitions()).hasSize(1);
            ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "t-models");
            assertThat(admin.describeConfigs(List.of(models))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(models)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }
}
