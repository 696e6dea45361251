package io.stepcast.runtime.spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One job-file setting: key, default, description and the usages that read it, declared once next to the
 * record component that holds it (see {@link JobSpec}). The record's constructor takes the default from
 * here, {@link JobSettings} lists the settings for the {@code settings} command and README's job-file
 * table, and {@link JobUse} reports the ones a command would ignore.
 */
public final class Setting<T> {
    private final String key;
    private final T defaultValue;
    private final String derivedDefault;
    private final String description;
    private final Set<Usage> usedBy;
    private final boolean refusedWhereIgnored;

    private Setting(
            String key,
            T defaultValue,
            String derivedDefault,
            String description,
            Set<Usage> usedBy,
            boolean refusedWhereIgnored) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.derivedDefault = derivedDefault;
        this.description = description;
        this.usedBy = Set.copyOf(usedBy);
        this.refusedWhereIgnored = refusedWhereIgnored;
    }

    /** A setting read by every usage; {@code description} is Markdown. */
    public static <T> Setting<T> of(String key, T defaultValue, String description) {
        return new Setting<>(key, defaultValue, null, description, EnumSet.allOf(Usage.class), false);
    }

    /**
     * A setting whose default follows from other values; the record's constructor computes it and
     * {@code rule} says how, e.g. {@code <events>-dlq}.
     */
    public static <T> Setting<T> derived(String key, String rule, String description) {
        return new Setting<>(key, null, rule, description, EnumSet.allOf(Usage.class), false);
    }

    /** The same setting, read only by {@code usages}: other commands warn when a job file sets it. */
    public Setting<T> onlyFor(Usage first, Usage... more) {
        return new Setting<>(
                key, defaultValue, derivedDefault, description, EnumSet.of(first, more), refusedWhereIgnored);
    }

    /** The same setting, refused (not merely warned about) by a command that would ignore it: ignoring it changes results. */
    public Setting<T> refusedElsewhere() {
        return new Setting<>(key, defaultValue, derivedDefault, description, usedBy, true);
    }

    /** {@code value}, or the default when the job file leaves it out. */
    public T orDefault(T value) {
        return value == null ? defaultValue : value;
    }

    /** The dotted path in the job file, e.g. {@code model.hidden}. */
    public String key() {
        return key;
    }

    /** The default; null when it is derived. */
    public T defaultValue() {
        return defaultValue;
    }

    /** How a derived default follows from other values; null when the default is fixed. */
    public String derivedDefault() {
        return derivedDefault;
    }

    public String description() {
        return description;
    }

    public Set<Usage> usedBy() {
        return usedBy;
    }

    /** The commands of its usages, in {@link Usage} order. */
    public List<String> commands() {
        return EnumSet.copyOf(usedBy).stream()
                .flatMap(u -> u.commands().stream())
                .toList();
    }

    /** Whether every usage reads it. */
    public boolean usedByAll() {
        return usedBy.size() == Usage.values().length;
    }

    public boolean refusedWhereIgnored() {
        return refusedWhereIgnored;
    }
}
