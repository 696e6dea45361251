package io.stepcast.runtime.job;

import io.stepcast.runtime.model.ModelPointer;

/**
 * An announcement of a version no newer than the serving one: a rollback by re-announcement, or an old
 * announcement replayed. Its weights may be perfectly sound, so this is not a
 * {@link io.stepcast.runtime.model.ModelFormatException}; the job refuses it all the same (logged and
 * counted in {@code rejectedModels}), as versions only move forward.
 */
final class StaleModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private StaleModelException(String message) {
        super(message);
    }

    /** Throws unless {@code pointer} is newer than the {@code serving} version (0 before any model). */
    static void requireNewer(ModelPointer pointer, long serving) {
        if (pointer.version() <= serving) {
            throw new StaleModelException("version " + pointer.version() + " is not newer than the serving " + serving);
        }
    }
}
