package io.stepcast.runtime.job;

import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.spec.JobSpec;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job on a job file's topics, reading the events and models there are now and then finishing. */
public final class BoundedJob {
    private BoundedJob() {}

    /** Runs the job to the current end of its input topics on the environment at hand and waits for it. */
    public static void run(JobSpec spec, String storeUri, String name) throws Exception {
        start(spec, storeUri, name).getJobExecutionResult().get();
    }

    /** Starts the job to the current end of its input topics on the environment at hand; it ends by itself. */
    public static JobClient start(JobSpec spec, String storeUri, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PredictionJob(spec, storeUri)
                .build(
                        env,
                        KafkaConnectors.eventSourceBuilder(spec)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        KafkaConnectors.modelSourceBuilder(spec)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        KafkaConnectors.predictionSink(spec),
                        KafkaConnectors.deadLetterSink(spec));
        return env.executeAsync(name);
    }
}
