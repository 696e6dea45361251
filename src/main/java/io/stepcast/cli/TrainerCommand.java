package io.stepcast.cli;

import io.stepcast.train.TrainerLoop;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Retrain periodically on the events topic's last training.window, warm-started from the "
                + "serving model; publish and announce a candidate only when it validates better.")
final class TrainerCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(names = "--once", description = "Run one round and exit.")
    boolean once;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        TrainerLoop loop = new TrainerLoop(options.load(), out::println);
        if (once) {
            loop.runOnce();
        } else {
            loop.run(Thread.currentThread()::isInterrupted);
        }
        return 0;
    }
}
