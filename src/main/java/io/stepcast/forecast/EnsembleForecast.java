package io.stepcast.forecast;

import io.stepcast.io.Event;
import io.stepcast.io.Prediction;
import io.stepcast.spec.JobSpec;
import io.stepcast.train.SelfTrainingSeries;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The forecasts of one series by {@code training.ensemble} self-training models ({@link SelfTrainingSeries})
 * that differ only in their seed ({@code training.seed}, {@code seed + 1}, …), averaged: members trained
 * from different starting weights and minibatch orders err differently, so their mean errs less than
 * a typical member. Members are independent, so up to {@code parallelism} of them run at once, each on
 * its own thread with its own network; the average does not depend on which finishes first.
 */
final class EnsembleForecast {
    private EnsembleForecast() {}

    /** Forecasts made at rows [from, to) and the training rounds each member went through. */
    record Result(double[] forecasts, int trainingRounds) {}

    static Result run(JobSpec spec, List<Event> series, ForecastWindow window, PrintWriter progress)
            throws InterruptedException {
        int members = spec.training().ensemble();
        long started = System.nanoTime();
        List<Callable<Member>> tasks = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            JobSpec memberSpec = spec.withTraining(spec.training().withSeed(spec.training().seed() + m));
            String name = "model " + (m + 1) + "/" + members;
            tasks.add(() -> Member.run(memberSpec, series, window, line -> {
                progress.printf("%s, %s (%.0f s)%n", name, line, (System.nanoTime() - started) / 1e9);
                progress.flush();
            }));
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(members, spec.parallelism()));
        try {
            double[] mean = new double[window.size()];
            int rounds = 0;
            for (Future<Member> done : threads.invokeAll(tasks)) {
                Member member = done.get();
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += member.forecasts[i] / members;
                }
                rounds = member.rounds;
            }
            return new Result(mean, rounds);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private record Member(double[] forecasts, int rounds) {
        /** Steps rows [0, to) through one model, keeping the forecasts made at rows [from, to). */
        static Member run(JobSpec spec, List<Event> series, ForecastWindow window,
                Consumer<String> progress) {
            SelfTrainingSeries model = new SelfTrainingSeries(spec);
            double[] forecasts = new double[window.size()];
            for (int t = 0; t < window.to(); t++) {
                int rounds = model.rounds();
                Prediction p = model.step(series.get(t));
                if (model.rounds() != rounds) {
                    progress.accept("row " + t + ": training round " + model.rounds() + " done");
                }
                if (t >= window.from()) {
                    forecasts[t - window.from()] = p.next[0];
                }
            }
            return new Member(forecasts, model.rounds());
        }
    }
}
