package io.stepcast.tools.cluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The smallest real job, for testing submission through Flink's client: {@code args[0]} numbers into
 * a sink that drops them, each after a pause of {@code args[1]} milliseconds if given (a job that
 * keeps running until stopped, without taking a core). Packaged into a jar by {@link TestJobJar}; its graph is built by the client
 * process, from the jar, never in the test JVM.
 */
public final class SequenceJob {
    private SequenceJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        env.fromSequence(1, Long.parseLong(args[0]))
                .map(n -> {
                    Thread.sleep(pauseMillis);
                    return n;
                })
                .sinkTo(new DiscardingSink<>());
        env.execute("sequence-to-discard");
    }
}
