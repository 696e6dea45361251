package io.stepcast.tools.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar target/stepcast.jar <command>}: wires subcommands, nothing else. */
@Command(
        name = "stepcast",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming sequence prediction: Kafka in, per-key recurrent state in Flink, Kafka out.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            TrainCommand.class,
            ReplayCommand.class,
            TopicsCommand.class,
            ReadCommand.class,
            ReportCommand.class,
            TrainerCommand.class,
            ModelCommand.class,
            ClusterCommand.class,
            BenchCommand.class,
            NabCommand.class,
            NabScoreCommand.class,
            ForecastEvalCommand.class,
            SequenceEvalCommand.class,
            SettingsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StepcastCommand implements Runnable {
    private static final String LOG_CONFIG_PROPERTY = "log4j2.configurationFile";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw missingSubcommand(spec);
    }

    /** The usage error of a command that only groups subcommands and was given none. */
    static CommandLine.ParameterException missingSubcommand(CommandLine.Model.CommandSpec command) {
        return new CommandLine.ParameterException(
                command.commandLine(),
                "Missing command: choose one of "
                        + String.join(", ", command.subcommands().keySet()));
    }

    public static void main(String[] args) {
        // the fast inference kernel needs a JVM option; supply it by relaunching (see VectorModuleLauncher)
        Optional<Integer> relaunched = VectorModuleLauncher.relaunchIfNeeded(StepcastCommand.class, args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        // before anything logs: our quiet console config, unless the operator chose one
        if (System.getProperty(LOG_CONFIG_PROPERTY) == null) {
            System.setProperty(LOG_CONFIG_PROPERTY, "classpath:stepcast-log4j2.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new StepcastCommand()).setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + rootMessage(e)));
            return 1;
        });
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
                // a job-file error's own message already names the file and field; its causes are Jackson's raw text
                if (t instanceof IllegalArgumentException
                        || t instanceof java.io.IOException
                        || t instanceof io.stepcast.runtime.spec.InvalidJobSpecException) {
                    break;
                }
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
