package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every job-driven command shares: the job file and overrides of where it connects. */
final class JobOptions {
    @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job definition (YAML), e.g. jobs/sensors.yaml.")
    String job;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers; overrides kafka.bootstrap.")
    String bootstrap;

    @Option(names = "--model-store", paramLabel = "URI", description = "Model store folder or URI; overrides model.store.")
    String modelStore;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints: picocli's writer, so tests and main see the same output. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    JobSpec load() {
        JobSpec spec = JobSpecLoader.load(job);
        if (bootstrap != null) {
            spec = spec.withBootstrap(bootstrap);
        }
        if (modelStore != null) {
            spec = spec.withModelStore(modelStore);
        }
        return spec;
    }
}
