package io.stepcast.tools.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** For commands that report figures: {@code --json} for one JSON object instead of text, and where to print. */
final class OutputOptions {
    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints: picocli's writer, so tests and main see the same output. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }
}
