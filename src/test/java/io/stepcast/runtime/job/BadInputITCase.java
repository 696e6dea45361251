package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.InJvmMetrics;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input ({@link BadInputCases}, sent and checked by {@link BadInputSuite}) mixed into a live stream, on a real broker and the
 * MiniCluster, in both ordering modes. The job must run on without a restart (its restart strategy is
 * "none", so any failure fails the test), every valid event must get exactly the prediction it gets
 * without the bad records around it (the offline oracle), every bad record must be in the dead-letter
 * topic with its reason, its bytes (cut, and saying so, beyond {@code input.deadLetterPayloadBytes})
 * and its coordinates, and each reason's counter must count its dead letters.
 *
 * <p>Event-time ordering runs at parallelism 1 on a one-partition topic: a watermark then follows the
 * produced order exactly, so which event is late is decided by the test, not by how the source happened
 * to interleave partitions.
 */
class BadInputITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(InJvmMetrics.enable(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "maxOutOfOrderness {0}")
    @ValueSource(strings = {"0s", "1s"})
    void noInputStopsPoisonsOrStallsTheJob(String maxOutOfOrderness) throws Exception {
        boolean eventTime = !maxOutOfOrderness.equals("0s");
        JobSpec spec = spec(maxOutOfOrderness, eventTime ? 1 : 2);
        ModelWeights weights = TestSpecs.randomWeightsFor(spec, 7);
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest model = TestSpecs.publish(store, spec, weights);
        new ModelAnnouncements(spec).announce(store.pointer(model));
        JobClient job = start(spec);
        try {
            checkSuite(spec, weights, job, eventTime);
        } finally {
            job.cancel().get();
        }
    }

    private static void checkSuite(JobSpec spec, ModelWeights weights, JobClient job, boolean eventTime)
            throws Exception {
        BadInputSuite.sendAndCheckOutputs(spec, weights, eventTime);
        BadInputSuite.assertCounted(
                reason -> InJvmMetrics.values(spec.name(), "reason." + reason.code() + ".deadLetters")
                        .sum(),
                eventTime);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(InJvmMetrics.values(spec.name(), "numRestarts").max()).hasValue(0);
    }

    private JobSpec spec(String maxOutOfOrderness, int parallelism) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        JobSpec spec = TestSpecs.parse("name: bad-" + id + "\n"
                        + "topics: {events: ev-" + id + ", predictions: pr-" + id + ", deadLetter: dl-" + id
                        + ", models: mo-" + id + "}\n"
                        + "kafka: {groupId: bad-" + id + ", startFrom: earliest}\n"
                        + BadInputCases.JOB_FIELDS
                        + "time: {maxOutOfOrderness: " + maxOutOfOrderness + "}\n"
                        + "model: {cell: lstm, hidden: 8}\n"
                        + "delivery: {guarantee: exactly-once, checkpointInterval: 300ms}\n"
                        + "parallelism: " + parallelism + "\n")
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        KAFKA.createTopics(
                Map.of(
                        spec.topics().events(), parallelism == 1 ? 1 : 3,
                        spec.topics().predictions(), 2,
                        spec.topics().deadLetter(), 1,
                        spec.topics().models(), 1),
                List.of(spec.topics().models()));
        return spec;
    }

    private static JobClient start(JobSpec spec) throws Exception {
        Configuration conf = new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        new PredictionJob(spec, spec.model().store()).buildOnKafka(env, KafkaConnectors.eventSource(spec));
        return env.executeAsync(spec.name());
    }
}
