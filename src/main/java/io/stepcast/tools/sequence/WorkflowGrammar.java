package io.stepcast.tools.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small probabilistic workflow grammar: a session starts at {@link #start()}, each event type is
 * followed by one of its weighted successors, and the session ends at {@link #end()}. Loops (browse
 * after browse, back to browsing after a purchase) make sessions of varied length; the transitions
 * with a positive weight are exactly the legal ones, so the same table both generates normal sessions
 * and judges injected ones.
 */
public final class WorkflowGrammar {
    private final String start;
    private final String end;
    /** Successors and their integer weights, in declaration order (so sampling is reproducible). */
    private final Map<String, Map<String, Integer>> successors;

    private WorkflowGrammar(String start, String end, Map<String, Map<String, Integer>> successors) {
        this.start = start;
        this.end = end;
        this.successors = successors;
    }

    /**
     * An online shop: login, then browsing and searching with item views and reviews, optionally a
     * cart, checkout and payment, then logout; 14 event types.
     */
    public static WorkflowGrammar shop() {
        return new Builder("login", "logout")
                .rule("login", "home 60", "search 40")
                .rule("home", "browse 60", "search 30", "logout 10")
                .rule("browse", "view-item 60", "browse 20", "search 10", "logout 10")
                .rule("search", "view-item 70", "search 20", "logout 10")
                .rule("view-item", "reviews 25", "add-to-cart 30", "browse 25", "search 10", "logout 10")
                .rule("reviews", "add-to-cart 50", "view-item 20", "browse 30")
                .rule("add-to-cart", "view-cart 50", "browse 30", "search 20")
                .rule("view-cart", "checkout 60", "remove-from-cart 20", "browse 20")
                .rule("remove-from-cart", "view-cart 30", "browse 50", "logout 20")
                .rule("checkout", "address 70", "pay 30")
                .rule("address", "pay 100")
                .rule("pay", "confirm 100")
                .rule("confirm", "logout 70", "browse 30")
                .build();
    }

    public String start() {
        return start;
    }

    public String end() {
        return end;
    }

    /** Every event type of the grammar, the start first, in declaration order. */
    public List<String> tokens() {
        List<String> tokens = new ArrayList<>(successors.keySet());
        if (!tokens.contains(end)) {
            tokens.add(end);
        }
        return Collections.unmodifiableList(tokens);
    }

    /** Whether {@code next} may follow {@code previous}. */
    public boolean legal(String previous, String next) {
        return successors.getOrDefault(previous, Map.of()).containsKey(next);
    }

    /**
     * The positions at which {@code tokens} leaves the grammar: 0 if it does not begin with the start,
     * and every {@code i > 0} whose transition from {@code tokens[i - 1]} is not legal.
     */
    public List<Integer> illegalPositions(List<String> tokens) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            boolean ok = i == 0 ? tokens.get(0).equals(start) : legal(tokens.get(i - 1), tokens.get(i));
            if (!ok) {
                positions.add(i);
            }
        }
        return positions;
    }

    /** Whether {@code tokens} is a complete session: start to end through legal transitions only. */
    public boolean parses(List<String> tokens) {
        return !tokens.isEmpty()
                && tokens.get(tokens.size() - 1).equals(end)
                && illegalPositions(tokens).isEmpty();
    }

    /** One normal session drawn with {@code random}: start, weighted successors, until the end. */
    public List<String> sample(Random random) {
        List<String> tokens = new ArrayList<>();
        String current = start;
        tokens.add(current);
        while (!current.equals(end)) {
            current = pick(successors.get(current), random);
            tokens.add(current);
        }
        return tokens;
    }

    private static String pick(Map<String, Integer> weighted, Random random) {
        // integer weights: the draw is exact, with no floating-point edge at the last branch
        int total = weighted.values().stream().mapToInt(Integer::intValue).sum();
        int draw = random.nextInt(total);
        for (Map.Entry<String, Integer> branch : weighted.entrySet()) {
            draw -= branch.getValue();
            if (draw < 0) {
                return branch.getKey();
            }
        }
        throw new IllegalStateException("unreachable: draw below the total weight");
    }

    /** Declares the grammar rule by rule, each successor as {@code "token weight"}. */
    static final class Builder {
        private final String start;
        private final String end;
        private final Map<String, Map<String, Integer>> successors = new LinkedHashMap<>();

        Builder(String start, String end) {
            this.start = start;
            this.end = end;
        }

        Builder rule(String from, String... weightedSuccessors) {
            Map<String, Integer> branches = new LinkedHashMap<>();
            for (String branch : weightedSuccessors) {
                String[] parts = branch.split(" ");
                branches.put(parts[0], Integer.parseInt(parts[1]));
            }
            successors.put(from, Collections.unmodifiableMap(branches));
            return this;
        }

        WorkflowGrammar build() {
            for (Map.Entry<String, Map<String, Integer>> rule : successors.entrySet()) {
                for (String next : rule.getValue().keySet()) {
                    if (!next.equals(end) && !successors.containsKey(next)) {
                        throw new IllegalArgumentException(rule.getKey() + " leads to " + next + ", which has no rule");
                    }
                }
            }
            return new WorkflowGrammar(start, end, Collections.unmodifiableMap(successors));
        }
    }
}
