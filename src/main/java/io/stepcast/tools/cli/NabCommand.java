package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.runtime.spec.Usage;
import io.stepcast.tools.nab.NabCorpus;
import io.stepcast.tools.nab.NabDetection;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "nab",
        mixinStandardHelpOptions = true,
        description = {
            "Score a NAB-style corpus (DIR/<category>/<file>.csv) with the detector, each file with a "
                    + "model of its own retrained on rows already seen, and write NAB's results layout "
                    + "(OUT/stepcast/<category>/stepcast_<file>.csv).",
            "Runs on a local Flink environment; the job file (default: the bundled jobs/nab.yaml) sets the "
                    + "model, training and anomaly settings."
        })
final class NabCommand implements Callable<Integer> {
    @Option(
            names = "--job",
            defaultValue = "jobs/nab.yaml",
            paramLabel = "FILE",
            description = "Job definition (YAML); a bundled one is used when no such file exists "
                    + "(default: ${DEFAULT-VALUE}).")
    String job;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Corpus directory.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobSpec detector = JobOptions.checked(JobSpecLoader.loadOrBundled(job), job, spec, Usage.SELF_TRAINING);
        new NabDetection(detector, spec.commandLine().getOut()).run(NabCorpus.at(data), out);
        return 0;
    }
}
