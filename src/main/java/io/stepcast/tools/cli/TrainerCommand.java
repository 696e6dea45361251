package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.Usage;
import io.stepcast.training.TrainerLoop;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        description = "Retrain periodically on the events topic's last training.window, warm-started from the "
                + "serving model; publish and announce a candidate only when it validates better.")
final class TrainerCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(names = "--once", description = "Run one round and exit.")
    boolean once;

    @Override
    public Integer call() {
        PrintWriter out = options.out();
        TrainerLoop loop = new TrainerLoop(options.load(Usage.RETRAINING), out::println);
        if (once) {
            loop.runOnce();
        } else {
            loop.run(Thread.currentThread()::isInterrupted);
        }
        return 0;
    }
}
