package io.stepcast.tools.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Seeded sessions from a {@link WorkflowGrammar}, a given fraction of them injected out of the
 * grammar. Each injection inserts tokens into a normal session so that the transition into the first
 * inserted token is illegal, and records where; the session's last token stays the grammar's end.
 */
public final class WorkflowSessions {
    /** The event type no normal session contains. */
    public static final String UNSEEN = "export-all";

    private static final Injection[] KINDS = {
        Injection.PAY_WITHOUT_CHECKOUT,
        Injection.LOGOUT_BEFORE_LOGIN,
        Injection.UNSEEN_TOKEN,
        Injection.REPEATED_TRANSITION
    };

    private final WorkflowGrammar grammar;
    private final double injectionRate;
    private final Random random;

    public WorkflowSessions(WorkflowGrammar grammar, double injectionRate, long seed) {
        if (injectionRate < 0 || injectionRate > 1) {
            throw new IllegalArgumentException("injection rate " + injectionRate + " is not in [0, 1]");
        }
        this.grammar = grammar;
        this.injectionRate = injectionRate;
        this.random = new Random(seed);
    }

    public static String key(int session) {
        return String.format(Locale.ROOT, "session-%05d", session);
    }

    /** The next {@code count} sessions, keyed by their number from 0. */
    public List<Session> generate(int count) {
        List<Session> sessions = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            boolean inject = random.nextDouble() < injectionRate;
            List<String> tokens = grammar.sample(random);
            sessions.add(
                    inject
                            ? inject(key(s), tokens, KINDS[random.nextInt(KINDS.length)])
                            : Session.normal(key(s), tokens));
        }
        return sessions;
    }

    private Session inject(String key, List<String> normal, Injection kind) {
        List<String> tokens = new ArrayList<>(normal);
        int last = tokens.size() - 1; // insert before the end at the latest, so the session still ends
        int at;
        List<String> inserted;
        switch (kind) {
            case PAY_WITHOUT_CHECKOUT -> {
                // position 1 (after the login) always qualifies, so the choice is never empty
                at = choose(IntStream.rangeClosed(1, last)
                        .filter(p -> !grammar.legal(tokens.get(p - 1), "pay"))
                        .boxed()
                        .toList());
                inserted = List.of("pay");
            }
            case LOGOUT_BEFORE_LOGIN -> {
                at = 0;
                inserted = List.of(grammar.end());
            }
            case UNSEEN_TOKEN -> {
                at = 1 + random.nextInt(last);
                inserted = List.of(UNSEEN);
            }
            case REPEATED_TRANSITION -> {
                // an event without a legal self-loop, replayed; the login always qualifies
                at = choose(IntStream.rangeClosed(1, last)
                        .filter(p -> !grammar.legal(tokens.get(p - 1), tokens.get(p - 1)))
                        .boxed()
                        .toList());
                inserted = Collections.nCopies(2 + random.nextInt(2), tokens.get(at - 1));
            }
            default -> throw new IllegalArgumentException("not an injection: " + kind);
        }
        tokens.addAll(at, inserted);
        List<Integer> positions =
                IntStream.range(at, at + inserted.size()).boxed().toList();
        return new Session(key, tokens, kind, positions);
    }

    private int choose(List<Integer> candidates) {
        return candidates.get(random.nextInt(candidates.size()));
    }
}
