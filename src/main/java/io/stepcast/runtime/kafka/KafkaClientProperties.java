package io.stepcast.runtime.kafka;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.SecretValues;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Properties of the Kafka clients that talk to a job's cluster: its bootstrap servers and its
 * {@code kafka.properties} (security, timeouts) first, then what each kind of client needs on top.
 * Each call returns a new {@link Properties} the caller may add to.
 */
public record KafkaClientProperties(String bootstrap, Map<String, String> properties) {

    /** The clients of {@code spec}'s cluster. */
    public static KafkaClientProperties of(JobSpec spec) {
        return new KafkaClientProperties(spec.kafka().bootstrap(), spec.kafka().properties());
    }

    /** The clients of a broker that needs no properties beyond where it is (an embedded one). */
    public static KafkaClientProperties at(String bootstrap) {
        return new KafkaClientProperties(bootstrap, Map.of());
    }

    /**
     * A consumer that sees committed records only (exactly-once producers upstream must not leak
     * aborted data) and commits no offsets of its own unless the caller turns that on.
     */
    public Properties consumer() {
        Properties props = common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    public Properties producer() {
        return common();
    }

    public Properties admin() {
        return common();
    }

    /** As a record prints itself, but with the secret properties' values hidden. */
    @Override
    public String toString() {
        return "KafkaClientProperties[bootstrap=" + bootstrap + ", properties=" + SecretValues.masked(properties) + "]";
    }

    private Properties common() {
        Properties props = new Properties();
        props.putAll(properties);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }
}
