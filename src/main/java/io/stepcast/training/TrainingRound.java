package io.stepcast.training;

import io.stepcast.runtime.model.ModelManifest;

/**
 * What one retraining round did, for the operator's log and for tests.
 *
 * @param events         events read from the window
 * @param decision       the gate's verdict; null when the round was skipped
 * @param published      the new version when promoted, else null
 * @param rejectionFile  where the rejection was recorded when rejected, else null
 * @param message        one line saying all of the above
 */
public record TrainingRound(
        Outcome outcome,
        int events,
        ValidationGate.Decision decision,
        ModelManifest published,
        String rejectionFile,
        String message) {

    public enum Outcome {
        PROMOTED,
        REJECTED,
        SKIPPED
    }

    static TrainingRound promoted(int events, ValidationGate.Decision decision, ModelManifest published) {
        return new TrainingRound(
                Outcome.PROMOTED,
                events,
                decision,
                published,
                null,
                "promoted: version " + published.version() + " published and announced; " + decision.reason());
    }

    static TrainingRound rejected(int events, ValidationGate.Decision decision, String rejectionFile) {
        return new TrainingRound(
                Outcome.REJECTED,
                events,
                decision,
                null,
                rejectionFile,
                "rejected: " + decision.reason() + "; recorded in " + rejectionFile);
    }

    static TrainingRound skipped(int events, String why) {
        return new TrainingRound(Outcome.SKIPPED, events, null, null, null, "skipped: " + why);
    }
}
