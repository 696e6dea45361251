package io.stepcast.tools.embedded;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.DoubleStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the live metrics of a cluster running in this JVM (the demo's
 * and the benchmark's MiniCluster) readable in place, so they can report job restarts, model swaps
 * and the like from Flink's own counters. Useless for a real cluster, where reporters run in other
 * processes: there, use Flink's JMX or Prometheus reporters.
 *
 * <p>Why not Flink's own means (checked against Flink 2.2.0):
 * <ul>
 *   <li>{@code org.apache.flink.runtime.testutils.InMemoryReporter} does this, but ships only in
 *       {@code flink-runtime-2.2.0-tests.jar}: a test-jar is no published API and would put Flink's test
 *       classes into the tools' runtime class path;</li>
 *   <li>the JMX reporter lives in {@code flink-metrics-jmx}, which this build does not have, and
 *       reading it back means querying MBeans by object-name patterns: more code than this, not less;</li>
 *   <li>the REST API and {@code MetricQueryService} need the MiniCluster's web endpoint or RPC gateway,
 *       which {@code StreamExecutionEnvironment.createLocalEnvironment} does not expose, and serve
 *       metrics with a fetch interval's delay.</li>
 * </ul>
 * Registered through {@code META-INF/services} and {@link #enable}, as any reporter factory is.
 */
public final class InJvmMetrics implements MetricReporter {
    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** Adds this reporter to a local environment's configuration. */
    public static Configuration enable(Configuration conf) {
        conf.setString("metrics.reporter.injvm.factory.class", Factory.class.getName());
        return conf;
    }

    /**
     * The current values of the metrics named {@code name} of job {@code jobName} (e.g. one per
     * subtask). Relies on Flink's default scope formats, which put the job name in every job, task and
     * operator metric's identifier.
     */
    public static DoubleStream values(String jobName, String name) {
        return METRICS.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name) && e.getKey().contains("." + jobName + "."))
                .mapToDouble(e -> value(e.getValue()))
                .filter(v -> !Double.isNaN(v));
    }

    private static double value(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
            return number.doubleValue();
        }
        return Double.NaN;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.remove(group.getMetricIdentifier(name), metric);
    }

    /** Instantiated by Flink from {@code metrics.reporter.injvm.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new InJvmMetrics();
        }
    }
}
