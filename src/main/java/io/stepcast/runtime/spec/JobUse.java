package io.stepcast.runtime.spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A command reading a job file and what it does with it. A setting the file sets to other than its
 * default, read by none of the command's usages, would be ignored: the command refuses the file when the
 * setting says ignoring it changes results ({@code training.ensemble}: {@code train} would train one
 * network where the file asks for five), and warns otherwise.
 */
public record JobUse(String command, Set<Usage> usages) {
    public JobUse {
        usages = Set.copyOf(usages);
    }

    public static JobUse of(String command, Usage first, Usage... more) {
        return new JobUse(command, EnumSet.of(first, more));
    }

    /**
     * Passes a warning for each ignored setting of {@code spec} to {@code warnings}; {@code origin} names
     * the job file in the messages.
     *
     * @throws InvalidJobSpecException for the first ignored setting that is refused where ignored
     */
    public void check(String origin, JobSpec spec, Consumer<String> warnings) {
        for (JobSettings.Entry entry : JobSettings.all()) {
            Setting<?> setting = entry.setting();
            Object value = RecordPaths.get(spec, setting.key());
            if (setting.derivedDefault() != null || value.equals(setting.defaultValue()) || reads(setting)) {
                continue;
            }
            String message = origin + ": " + setting.key() + " is " + JobSettings.valueText(value) + ", but " + command
                    + " ignores it (read only by " + commandsOf(setting) + ")";
            if (setting.refusedWhereIgnored()) {
                throw new InvalidJobSpecException(message + ", which would change the results the job file asks "
                        + "for; remove it or set it to " + entry.defaultText());
            }
            warnings.accept(message);
        }
    }

    private boolean reads(Setting<?> setting) {
        return usages.stream().anyMatch(setting.usedBy()::contains);
    }

    /** "trainer" or "nab and forecast-eval": the commands that read the setting. */
    private static String commandsOf(Setting<?> setting) {
        List<String> commands = setting.commands();
        int last = commands.size() - 1;
        return last == 0
                ? commands.get(0)
                : String.join(", ", commands.subList(0, last)) + " and " + commands.get(last);
    }
}
