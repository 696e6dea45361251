package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkflowSessionsTest {
    private static final WorkflowGrammar SHOP = WorkflowGrammar.shop();

    @Test
    void firstSessionsForSeed14() {
        List<Session> sessions = new WorkflowSessions(SHOP, 0.05, 14).generate(4);
        assertThat(sessions)
                .extracting(Session::key)
                .containsExactly("session-00000", "session-00001", "session-00002", "session-00003");
        assertThat(sessions).noneMatch(Session::injected);
        assertThat(sessions.get(0).tokens()).containsExactly("login", "search", "view-item", "logout");
        assertThat(sessions.get(1).tokens())
                .containsExactly(
                        "login",
                        "search",
                        "view-item",
                        "search",
                        "view-item",
                        "search",
                        "view-item",
                        "browse",
                        "browse",
                        "view-item",
                        "reviews",
                        "view-item",
                        "logout");
        assertThat(sessions.get(2).tokens()).containsExactly("login", "home", "logout");
        assertThat(sessions.get(3).tokens())
                .containsExactly(
                        "login",
                        "search",
                        "view-item",
                        "reviews",
                        "add-to-cart",
                        "browse",
                        "search",
                        "view-item",
                        "add-to-cart",
                        "browse",
                        "browse",
                        "view-item",
                        "browse",
                        "view-item",
                        "reviews",
                        "add-to-cart",
                        "view-cart",
                        "checkout",
                        "address",
                        "pay",
                        "confirm",
                        "logout");
    }

    @Test
    void firstInjectedSessionsForSeed14() {
        List<Session> injected = new WorkflowSessions(SHOP, 0.05, 14)
                .generate(210).stream().filter(Session::injected).toList();
        assertThat(injected)
                .extracting(Session::key, Session::injection, Session::injectedAt)
                .startsWith(
                        tuple("session-00013", Injection.LOGOUT_BEFORE_LOGIN, List.of(0)),
                        tuple("session-00039", Injection.LOGOUT_BEFORE_LOGIN, List.of(0)),
                        tuple("session-00068", Injection.REPEATED_TRANSITION, List.of(14, 15, 16)),
                        tuple("session-00086", Injection.UNSEEN_TOKEN, List.of(8)),
                        tuple("session-00102", Injection.PAY_WITHOUT_CHECKOUT, List.of(4)));
        assertThat(injected.get(4).tokens()).containsExactly("login", "home", "browse", "view-item", "pay", "logout");
    }

    @Test
    void everyNormalSessionParses() {
        List<Session> normal = new WorkflowSessions(SHOP, 0.2, 7)
                .generate(2000).stream().filter(s -> !s.injected()).toList();
        assertThat(normal).hasSizeGreaterThan(1500);
        assertThat(normal).allMatch(s -> SHOP.parses(s.tokens()));
        assertThat(normal).allMatch(s -> s.injectedAt().isEmpty());
    }

    @Test
    void everyInjectedSessionLeavesTheGrammarAtARecordedPosition() {
        List<Session> injected = new WorkflowSessions(SHOP, 0.2, 7)
                .generate(2000).stream().filter(Session::injected).toList();
        assertThat(injected).hasSizeGreaterThan(300);
        for (Session s : injected) {
            assertThat(SHOP.illegalPositions(s.tokens())).as(s.toString()).containsAnyElementsOf(s.injectedAt());
            assertThat(s.tokens().get(s.tokens().size() - 1)).isEqualTo(SHOP.end());
        }
        assertThat(injected.stream().map(Session::injection).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        Injection.PAY_WITHOUT_CHECKOUT,
                        Injection.LOGOUT_BEFORE_LOGIN,
                        Injection.UNSEEN_TOKEN,
                        Injection.REPEATED_TRANSITION);
    }

    @Test
    void theUnseenTokenIsInNoNormalSessionAndNotInTheGrammar() {
        Set<String> seen = new WorkflowSessions(SHOP, 0, 3)
                .generate(2000).stream().flatMap(s -> s.tokens().stream()).collect(Collectors.toSet());
        assertThat(seen).doesNotContain(WorkflowSessions.UNSEEN);
        assertThat(SHOP.tokens()).hasSize(14).containsAll(seen).doesNotContain(WorkflowSessions.UNSEEN);
    }

    @Test
    void theRateBoundsInjection() {
        assertThat(new WorkflowSessions(SHOP, 0, 1).generate(300)).noneMatch(Session::injected);
        assertThat(new WorkflowSessions(SHOP, 1, 1).generate(300)).allMatch(Session::injected);
        assertThatThrownBy(() -> new WorkflowSessions(SHOP, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameSeedGivesTheSameSessions() {
        assertThat(new WorkflowSessions(SHOP, 0.1, 5).generate(200))
                .isEqualTo(new WorkflowSessions(SHOP, 0.1, 5).generate(200))
                .isNotEqualTo(new WorkflowSessions(SHOP, 0.1, 6).generate(200));
    }
}
