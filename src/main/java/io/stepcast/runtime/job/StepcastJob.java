package io.stepcast.runtime.job;

import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of {@code target/stepcast-job.jar}, for {@code flink run} and REST submission: the
 * prediction job of one job file on whatever environment submits it, started as the {@code run}
 * command starts it on a local one. Arguments are read with Flink's {@link ParameterTool}: the
 * command-line library is a tool's, not the job jar's.
 */
public final class StepcastJob {
    static final String USAGE = "usage: stepcast-job.jar --job PATH|URI [--bootstrap HOST:PORT] [--model-store URI]";

    /** What ParameterTool returns for a flag given without a value (its own constant is protected). */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    private static final Logger LOG = LoggerFactory.getLogger(StepcastJob.class);

    private StepcastJob() {}

    public static void main(String[] args) throws Exception {
        JobSpec spec = spec(args);
        ModelStore store = new ModelStore(spec.model().store());
        Optional<ModelPointer> serving = new ModelAnnouncements(spec).servingOrAnnounceNewest(store);
        LOG.info(
                "Starting job '{}': {} -> {}, {}",
                spec.name(),
                spec.topics().events(),
                spec.topics().predictions(),
                serving.map(p -> "model version " + p.version() + " serving").orElse("no model yet"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PredictionJob job = new PredictionJob(spec, store.uri());
        job.buildOnKafka(env, KafkaConnectors.eventSource(spec));
        env.execute(job.name());
    }

    /**
     * The job file {@code --job} names (a local path or any Flink file system URI), connected where
     * {@code --bootstrap} and {@code --model-store} say. Anything else on the command line is refused,
     * so a misspelt override never falls back to the job file's value unnoticed.
     */
    static JobSpec spec(String... args) {
        ParameterTool params;
        try {
            params = ParameterTool.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
        }
        String job = value(params, "job");
        if (job == null) {
            throw new IllegalArgumentException("--job is required\n" + USAGE);
        }
        String bootstrap = value(params, "bootstrap");
        String modelStore = value(params, "model-store");
        Set<String> unknown = new TreeSet<>(params.getUnrequestedParameters());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: --" + String.join(", --", unknown) + "\n" + USAGE);
        }
        return JobSpecLoader.load(job).withConnections(bootstrap, modelStore);
    }

    /** The argument's value, null when absent; a flag given without a value is an error. */
    private static String value(ParameterTool params, String key) {
        String value = params.get(key);
        if (NO_VALUE.equals(value)) {
            throw new IllegalArgumentException("--" + key + " needs a value\n" + USAGE);
        }
        return value;
    }
}
