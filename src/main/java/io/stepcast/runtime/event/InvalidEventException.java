package io.stepcast.runtime.event;

/**
 * An input record that fails validation. Expected in normal operation (bad producers exist), so it
 * carries no stack trace: building one per bad record would make a flood of bad input expensive.
 */
public final class InvalidEventException extends Exception {
    private final DeadLetterReason reason;

    public InvalidEventException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
