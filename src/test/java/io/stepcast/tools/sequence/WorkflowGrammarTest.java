package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowGrammarTest {
    private static final WorkflowGrammar SHOP = WorkflowGrammar.shop();

    @Test
    void aSessionParsesFromStartToEndThroughLegalTransitions() {
        assertThat(SHOP.parses(List.of(
                        "login",
                        "search",
                        "view-item",
                        "add-to-cart",
                        "view-cart",
                        "checkout",
                        "pay",
                        "confirm",
                        "logout")))
                .isTrue();
        assertThat(SHOP.parses(List.of("login", "search"))).as("no end").isFalse();
        assertThat(SHOP.parses(List.of())).isFalse();
    }

    @Test
    void illegalPositionsAreTheBadStartAndEveryIllegalTransition() {
        assertThat(SHOP.illegalPositions(List.of("logout", "login", "home", "logout")))
                .containsExactly(0, 1);
        assertThat(SHOP.illegalPositions(List.of("login", "home", "pay", "confirm", "logout")))
                .containsExactly(2);
        assertThat(SHOP.illegalPositions(List.of("login", "login", "login", "home", "logout")))
                .containsExactly(1, 2);
        assertThat(SHOP.illegalPositions(List.of("login", "export-all", "logout")))
                .containsExactly(1, 2);
    }

    @Test
    void aSuccessorWithoutARuleIsRejected() {
        assertThatThrownBy(() ->
                        new WorkflowGrammar.Builder("a", "z").rule("a", "b 1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b");
    }
}
