package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.JobSettings;
import io.stepcast.runtime.spec.Setting;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "settings",
        mixinStandardHelpOptions = true,
        description = "List every job-file setting with its type, default and meaning, and the commands that "
                + "read it where not all do.")
final class SettingsCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print README's job-file table (Markdown) instead.")
    boolean markdown;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        out.print(markdown ? markdownTable() : text());
        out.flush();
        return 0;
    }

    /** The "Job files" table of README.md, which a test keeps equal to this. */
    static String markdownTable() {
        StringBuilder table = new StringBuilder("| field | type | default | meaning |\n|---|---|---|---|\n");
        for (JobSettings.Entry entry : JobSettings.all()) {
            table.append("| `")
                    .append(entry.setting().key())
                    .append("` | ")
                    .append(cell(entry.typeName()))
                    .append(" | `")
                    .append(cell(entry.defaultText()))
                    .append("` | ")
                    .append(cell(meaning(entry.setting())))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String text() {
        StringBuilder text = new StringBuilder();
        for (JobSettings.Entry entry : JobSettings.all()) {
            Setting<?> setting = entry.setting();
            text.append(setting.key())
                    .append(": ")
                    .append(entry.typeName())
                    .append(", default ")
                    .append(entry.defaultText())
                    .append(setting.usedByAll() ? "" : ", read only by " + String.join(", ", setting.commands()))
                    .append("\n    ")
                    .append(setting.description().replace("`", ""))
                    .append('\n');
        }
        return text.toString();
    }

    /** The description, led by the commands that read the setting where not all do. */
    private static String meaning(Setting<?> setting) {
        if (setting.usedByAll()) {
            return setting.description();
        }
        String commands = setting.commands().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        return commands + (setting.refusedWhereIgnored() ? " only (other training commands refuse it)" : " only") + ": "
                + setting.description();
    }

    /** A pipe would end the table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
