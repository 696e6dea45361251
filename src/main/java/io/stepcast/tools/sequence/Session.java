package io.stepcast.tools.sequence;

import java.util.List;

/**
 * One key's sequence of event-type tokens, with the ground truth: how it was injected (if at all) and
 * the positions of the injected tokens.
 */
public record Session(String key, List<String> tokens, Injection injection, List<Integer> injectedAt) {
    public Session {
        tokens = List.copyOf(tokens);
        injectedAt = List.copyOf(injectedAt);
    }

    /** A sequence with no injection (also how a real corpus's sequences are evaluated). */
    public static Session normal(String key, List<String> tokens) {
        return new Session(key, tokens, Injection.NONE, List.of());
    }

    public boolean injected() {
        return injection != Injection.NONE;
    }
}
