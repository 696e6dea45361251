package io.stepcast.runtime.predict;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.state.KeyState;

/**
 * What the job's operator needs of a served model version: a fresh key state, and one step of a key
 * per event. {@link KeyPredictor} predicts values, {@link TokenPredictor} the next token. Not
 * thread-safe: implementations hold scratch buffers; one instance per operator subtask.
 */
public interface Predictor {
    /** A fresh state for a key seen for the first time. */
    KeyState newState();

    /** The model version this predictor serves. */
    long version();

    /** Whether {@code s} holds hidden state computed by another model version than this one. */
    default boolean isStale(KeyState s) {
        return s.steps() > 0 && s.recurrent().modelVersion() != version();
    }

    /** Whether stepping {@code s} will first replay its recent inputs through this model (a metric). */
    boolean rewarms(KeyState s);

    /** Scores and steps one event, first adapting a stale state by {@code model.onSwap}. */
    Prediction step(KeyState s, Event e);
}
