package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line as main does, checking its exit code. */
public final class Cli {
    private Cli() {}

    /** Returns what the command printed, failing the test on a non-zero exit. */
    public static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    /** Runs a command line that must fail at run time (exit code 1) and returns its stderr. */
    public static String runFailing(String... args) {
        StringWriter err = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(1);
        return err.toString();
    }
}
