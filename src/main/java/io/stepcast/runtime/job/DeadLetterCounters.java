package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetterReason;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter per dead-letter reason an operator can find: {@code stepcast.reason.<code>.deadLetters}
 * in Flink's scope, {@code ..._stepcast_reason_deadLetters{reason="<code>"}} in Prometheus. All are
 * registered up front, so a dashboard shows a reason at zero before its first dead letter.
 */
final class DeadLetterCounters {
    private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);

    DeadLetterCounters(MetricGroup operator, Collection<DeadLetterReason> reasons) {
        MetricGroup stepcast = operator.addGroup("stepcast");
        for (DeadLetterReason reason : reasons) {
            counters.put(reason, stepcast.addGroup("reason", reason.code()).counter("deadLetters"));
        }
    }

    void count(DeadLetterReason reason) {
        counters.get(reason).inc();
    }
}
