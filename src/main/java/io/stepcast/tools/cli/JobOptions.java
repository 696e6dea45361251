package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.runtime.spec.JobUse;
import io.stepcast.runtime.spec.Usage;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every job-driven command shares: the job file and overrides of where it connects. */
final class JobOptions {
    @Option(
            names = "--job",
            required = true,
            paramLabel = "FILE",
            description = "Job definition (YAML), e.g. jobs/sensors.yaml.")
    String job;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; overrides kafka.bootstrap.")
    String bootstrap;

    @Option(
            names = "--model-store",
            paramLabel = "URI",
            description = "Model store folder or URI; overrides model.store.")
    String modelStore;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints: picocli's writer, so tests and main see the same output. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    JobSpec load() {
        return overridden(JobSpecLoader.load(job));
    }

    /** Loads the job for a command that trains, refusing or warning about the settings it would ignore. */
    JobSpec load(Usage first, Usage... more) {
        return overridden(checked(JobSpecLoader.load(job), job, command, first, more));
    }

    /**
     * {@code spec} after refusing it for, or warning on stderr about, the settings that {@code command},
     * doing {@code first} and {@code more}, would ignore (see {@link JobUse}).
     */
    static JobSpec checked(JobSpec spec, String origin, CommandSpec command, Usage first, Usage... more) {
        PrintWriter err = command.commandLine().getErr();
        JobUse.of(command.name(), first, more).check(origin, spec, warning -> err.println("warning: " + warning));
        err.flush();
        return spec;
    }

    private JobSpec overridden(JobSpec spec) {
        return spec.withConnections(bootstrap, modelStore);
    }
}
