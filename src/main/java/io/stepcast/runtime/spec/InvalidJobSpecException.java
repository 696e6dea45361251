package io.stepcast.runtime.spec;

/** A job file that cannot be used; the message names the file and the field. */
public class InvalidJobSpecException extends RuntimeException {
    public InvalidJobSpecException(String message) {
        super(message);
    }

    public InvalidJobSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
