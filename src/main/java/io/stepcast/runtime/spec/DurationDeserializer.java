package io.stepcast.runtime.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/**
 * Reads durations the way Flink's own configuration does ("500 ms", "10s", "7d"), so job files and
 * Flink settings read alike. A bare number means milliseconds.
 */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        if (text == null) {
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
        try {
            return TimeUtils.parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            throw ctxt.weirdStringException(
                    text, Duration.class, "expected a duration such as '500 ms', '10s', '5min' or '7d'");
        }
    }
}
