package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.kafka.KafkaConnectors;
import io.stepcast.runtime.spec.JobSpec;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole data flow of Stepcast, in one place:
 *
 * <pre>
 * events source ─► parse + validate ──(bad)──────────────────────────────┐
 *                     │ event-time watermarks (bounded out-of-orderness)  │
 *                     ▼                                                   ▼
 *                 keyBy(key) ─► predictor (keyed state) ──(late)──► dead-letter sink
 *                                 ▲      │
 * models source ─► broadcast ─────┘      ▼
 *  (pointers, not weights)        predictions sink
 * </pre>
 *
 * Sources and sinks are arguments, so tests run the same topology on other endpoints.
 */
public final class PredictionJob {
    private final JobSpec spec;
    private final String modelStore;

    public PredictionJob(JobSpec spec, String modelStore) {
        this.spec = spec;
        this.modelStore = modelStore;
    }

    /** The Flink job name: the job file's name, prefixed so the job stands out among a cluster's jobs. */
    public String name() {
        return "stepcast-" + spec.name();
    }

    /**
     * The topology on the job file's Kafka topics: {@code events} is {@link KafkaConnectors#eventSource}
     * or that source's builder bounded by the caller (a demo or benchmark that starts at given offsets).
     */
    public void buildOnKafka(StreamExecutionEnvironment env, Source<InputRecord, ?, ?> events) {
        build(
                env,
                events,
                KafkaConnectors.modelSource(spec),
                KafkaConnectors.predictionSink(spec),
                KafkaConnectors.deadLetterSink(spec));
    }

    /** Adds the topology to {@code env} and applies the job file's checkpointing and parallelism. */
    public void build(
            StreamExecutionEnvironment env,
            Source<InputRecord, ?, ?> events,
            Source<String, ?, ?> models,
            Sink<Prediction> predictions,
            Sink<DeadLetter> deadLetters) {
        configure(env);
        SingleOutputStreamOperator<Event> parsed = parse(env, events);

        BroadcastStream<String> announcements = env.fromSource(
                        models,
                        WatermarkStrategy.forGenerator(context -> new NeverHoldsBackWatermarks<String>()),
                        "model announcements")
                .uid("models-source")
                .setParallelism(1)
                .broadcast(PredictorFunction.MODEL_POINTER);

        SingleOutputStreamOperator<Prediction> predicted = keyed(parsed)
                .connect(announcements)
                .process(new PredictorFunction(spec, modelStore))
                .uid("predictor")
                .name("predictor");

        predicted.sinkTo(predictions).uid("predictions-sink").name("predictions");
        parsed.getSideOutput(DeadLetters.TAG)
                .union(predicted.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters)
                .uid("dead-letter-sink")
                .name("dead letters");
    }

    /** Parallelism, network buffer timeout, serializers, state backend and checkpointing, from the job file. */
    public void configure(StreamExecutionEnvironment env) {
        env.setParallelism(spec.parallelism());
        // pinned rather than derived by Flink from the parallelism: a savepoint then restores at any
        // parallelism (scenario 4 in docs/reliability.md rescales 2 -> 4 -> 1)
        env.setMaxParallelism(JobSpec.MAX_PARALLELISM);
        env.setBufferTimeout(spec.delivery().bufferTimeout().toMillis());
        env.configure(new Configuration()
                // every record type has a Flink serializer of its own; fail at build time rather than fall back to Kryo
                .set(PipelineOptions.GENERIC_TYPES, false)
                // chained operators pass records on without a deep copy through their serializer (per
                // event, a prediction's four arrays): no function here keeps or changes a record it has
                // emitted, and records arriving over the network are always fresh objects
                .set(PipelineOptions.OBJECT_REUSE, true)
                // the job file decides, over the cluster's default; checkpoint storage and incremental
                // checkpoints stay the cluster's choice
                .set(
                        StateBackendOptions.STATE_BACKEND,
                        spec.state().backend() == JobSpec.StateBackend.ROCKSDB ? "rocksdb" : "hashmap"));
        if (spec.delivery().guarantee() != JobSpec.Guarantee.NONE) {
            env.enableCheckpointing(
                    spec.delivery().checkpointInterval().toMillis(),
                    spec.delivery().guarantee() == JobSpec.Guarantee.EXACTLY_ONCE
                            ? CheckpointingMode.EXACTLY_ONCE
                            : CheckpointingMode.AT_LEAST_ONCE);
        }
    }

    /** The events, parsed and validated; unusable records go to the {@link DeadLetters#TAG} side output. */
    public SingleOutputStreamOperator<Event> parse(StreamExecutionEnvironment env, Source<InputRecord, ?, ?> events) {
        return env.fromSource(events, WatermarkStrategy.noWatermarks(), "events")
                .uid("events-source")
                .process(new ParseEvents(spec))
                .uid("parse")
                .name("parse + validate");
    }

    /** Parsed events with event-time watermarks (bounded out-of-orderness), keyed by event key. */
    public KeyedStream<Event, String> keyed(SingleOutputStreamOperator<Event> parsed) {
        return parsed.assignTimestampsAndWatermarks(watermarks())
                .uid("watermarks")
                .keyBy(Event::getKey);
    }

    private WatermarkStrategy<Event> watermarks() {
        Duration outOfOrderness = spec.time().maxOutOfOrderness();
        TimeJumps timeJumps = new TimeJumps(spec.input().maxTimeJump());
        return WatermarkStrategy.forGenerator(context -> new JumpProofWatermarks(outOfOrderness, timeJumps))
                .withTimestampAssigner((event, recordTs) -> event.ts)
                .withIdleness(spec.time().idleTimeout());
    }
}
