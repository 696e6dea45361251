package io.stepcast.runtime.spec;

import java.util.Locale;

/**
 * The recurrent cell kinds that both the DL4J trainer and the plain-Java kernel understand.
 * Kept to the two cells whose DL4J maths the kernel reproduces exactly, so a config naming
 * anything else fails at parse time rather than at the first event.
 */
public enum Cell {
    /** DL4J {@code LSTM} (no peepholes). */
    LSTM,
    /** DL4J {@code SimpleRnn} with tanh activation. */
    RNN;

    /**
     * Parses a cell name as written in configs and on the command line.
     *
     * @throws IllegalArgumentException if {@code s} is neither "lstm" nor "rnn" (any case)
     */
    public static Cell parse(String s) {
        if (s != null) {
            for (Cell cell : values()) {
                if (cell.id().equalsIgnoreCase(s.trim())) {
                    return cell;
                }
            }
        }
        throw new IllegalArgumentException("unknown cell '" + s + "'; allowed values: lstm, rnn");
    }

    /** The lower-case name used in configs, file names and model descriptions. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
