package io.stepcast.tools.demo;

import io.stepcast.tools.embedded.InJvmMetrics;
import io.stepcast.training.TrainingRound;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * When the demo's live model swap happens, counted in events sent rather than in seconds, so that it
 * falls mid-stream on any machine: a trainer round starts once {@code retrainAt} live events are out,
 * and the producer holds the stream at event {@code swapAt} until the round has ended and, when it
 * promoted a model, every predictor subtask serves it. On a machine that trains faster than the stream
 * runs nothing waits; on a slower one the second part of the stream is sent only after the swap, so
 * both versions always make predictions. Used from the producing thread only.
 */
final class SwapSchedule {
    /** A round trains for seconds on a laptop; this only turns a hung trainer into an error. */
    private static final long ROUND_LIMIT_MINUTES = 10;
    /** Loading and verifying announced weights takes milliseconds. */
    private static final long SERVE_LIMIT_SECONDS = 60;

    private final int retrainAt;
    private final int swapAt;
    private final Supplier<TrainingRound> retrain;
    private final String jobName;
    private final DemoTally tally;
    private final PrintWriter out;
    private final CompletableFuture<TrainingRound> round = new CompletableFuture<>();

    SwapSchedule(
            int retrainAt,
            int swapAt,
            Supplier<TrainingRound> retrain,
            String jobName,
            DemoTally tally,
            PrintWriter out) {
        if (retrainAt > swapAt) {
            throw new IllegalArgumentException("the round must start before the swap point");
        }
        this.retrainAt = retrainAt;
        this.swapAt = swapAt;
        this.retrain = retrain;
        this.jobName = jobName;
        this.tally = tally;
        this.out = out;
    }

    /**
     * Called after the live event of index {@code sent} is out; at the swap point it returns only when
     * the swap is done. Returns whether it held the stream, so the caller paces afresh.
     */
    boolean sent(int sent) throws InterruptedException {
        if (sent == retrainAt) {
            startRound();
        }
        if (sent != swapAt) {
            return false;
        }
        long held = System.nanoTime();
        if (!round.isDone()) {
            out.printf("  holding the stream at live event %d until the trainer's round ends...%n", sent);
            out.flush();
        }
        TrainingRound ended = await();
        if (ended.outcome() == TrainingRound.Outcome.PROMOTED) {
            awaitServed();
        }
        long heldNanos = System.nanoTime() - held;
        if (heldNanos < TimeUnit.MILLISECONDS.toNanos(1)) {
            return false;
        }
        out.printf("  stream resumes after %.1f s, %s%n", heldNanos / 1e9, servingNow(ended));
        tally.streamHeld(heldNanos);
        return true;
    }

    private void startRound() {
        Thread trainer = new Thread(
                () -> {
                    try {
                        round.complete(retrain.get());
                    } catch (RuntimeException | Error e) {
                        round.completeExceptionally(e);
                    }
                },
                "demo-trainer");
        trainer.setDaemon(true);
        trainer.start();
    }

    private TrainingRound await() throws InterruptedException {
        try {
            return round.get(ROUND_LIMIT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the trainer's round failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the trainer's round did not end within " + ROUND_LIMIT_MINUTES + " min");
        }
    }

    /** The job's own swap counter, per predictor subtask: each applies the announcement when it reads it. */
    private void awaitServed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SERVE_LIMIT_SECONDS);
        while (InJvmMetrics.values(jobName, "modelSwaps").min().orElse(0) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the job did not swap to the promoted model within " + SERVE_LIMIT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
    }

    private static String servingNow(TrainingRound ended) {
        return ended.outcome() == TrainingRound.Outcome.PROMOTED
                ? "version " + ended.published().version() + " serving"
                : "no new version (" + ended.outcome().name().toLowerCase(Locale.ROOT) + ")";
    }
}
