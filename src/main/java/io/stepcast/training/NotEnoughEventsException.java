package io.stepcast.training;

/**
 * Training data too short to learn from. Its own type because the periodic trainer skips such a
 * round (the window may simply be quiet) while any other invalid argument is a real error.
 */
public final class NotEnoughEventsException extends IllegalArgumentException {
    public NotEnoughEventsException(String message) {
        super(message);
    }
}
