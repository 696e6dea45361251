package io.stepcast.runtime.model;

/**
 * Thrown when serialized model weights cannot be read. Unchecked because a bad model file is a
 * deployment error that no caller can repair; the message says what exactly is wrong.
 */
public class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
