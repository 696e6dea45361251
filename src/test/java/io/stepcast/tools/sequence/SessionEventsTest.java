package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionEventsTest {
    private static final List<Session> SESSIONS =
            List.of(Session.normal("s0", List.of("a", "b", "c")), Session.normal("s1", List.of("x", "y")));

    @Test
    void sessionsOverlapInTimeOrder() {
        assertThat(SessionEvents.interleave(SESSIONS, 1000, 5, 20))
                .containsExactly(
                        Event.ofToken("s0", 1000, "a"),
                        Event.ofToken("s1", 1005, "x"),
                        Event.ofToken("s0", 1020, "b"),
                        Event.ofToken("s1", 1025, "y"),
                        Event.ofToken("s0", 1040, "c"));
    }

    @Test
    void equalTimesKeepSessionOrder() {
        assertThat(SessionEvents.interleave(SESSIONS, 0, 20, 20))
                .containsExactly(
                        Event.ofToken("s0", 0, "a"),
                        Event.ofToken("s0", 20, "b"),
                        Event.ofToken("s1", 20, "x"),
                        Event.ofToken("s0", 40, "c"),
                        Event.ofToken("s1", 40, "y"));
    }
}
