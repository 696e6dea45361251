package io.stepcast.runtime.spec;

import java.util.List;

/**
 * What a command does with a job file, where that decides which settings it reads. Settings default to
 * every usage; a few training settings belong to one kind of training only, and a command of another
 * kind would ignore them (see {@link JobUse}). Commands that train nothing (run, replay, model) leave
 * the training section to the commands that train from the same file and are not checked.
 */
public enum Usage {
    /** Train one network once on a batch of events. */
    ONE_OFF_TRAINING(List.of("train")),
    /** Retrain in rounds on a window of the events topic and promote a better candidate. */
    RETRAINING(List.of("trainer")),
    /** Each series has a model of its own, retrained on the events it has seen. */
    SELF_TRAINING(List.of("nab", "forecast-eval"));

    private final List<String> commands;

    Usage(List<String> commands) {
        this.commands = commands;
    }

    /** The commands that do this, for messages and documentation (runtime code cannot name their classes). */
    public List<String> commands() {
        return commands;
    }
}
