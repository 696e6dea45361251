package io.stepcast.training;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.KafkaEventReader;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.Rejection;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.training.input.EventSequences;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The periodic trainer: keeps the serving model current by retraining on the events of the last
 * {@code training.window}, warm-started from the serving model, and publishes and announces the
 * candidate only when the {@link ValidationGate} finds it better on the newest held-out data.
 * Version numbers come from the store, so they keep rising across trainer restarts and rollbacks.
 */
public final class TrainerLoop {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final JobSpec spec;
    private final ModelStore store;
    private final Trainer trainer;
    /** Null unless the job tunes ({@code training.tuning.trials}). */
    private final Tuner tuner;

    private final TokenTrainer tokenTrainer;
    private final ModelPublisher publisher;
    private final ModelAnnouncements announcements;
    private final ValidationGate gate;
    private final RetrainSchedule schedule;
    private final Consumer<String> log;
    private final RoundListener listener;

    /** Told of every round that ends, skipped ones included (a round that throws ends none). */
    @FunctionalInterface
    public interface RoundListener {
        RoundListener NONE = (round, ended, took) -> {};

        void roundEnded(TrainingRound round, Instant ended, Duration took);
    }

    /** {@code log} receives progress and each round's decision, one line each. */
    public TrainerLoop(JobSpec spec, Consumer<String> log) {
        this(spec, log, RoundListener.NONE);
    }

    /** As {@link #TrainerLoop(JobSpec, Consumer)}, and {@code listener} hears of each round (the metrics). */
    public TrainerLoop(JobSpec spec, Consumer<String> log, RoundListener listener) {
        this.spec = spec;
        this.store = new ModelStore(spec.model().store());
        this.trainer = spec.categorical() ? null : new Trainer(spec);
        this.tokenTrainer = spec.categorical() ? new TokenTrainer(spec) : null;
        this.tuner = spec.training().tuning().enabled() ? new Tuner(spec) : null;
        this.publisher = new ModelPublisher(spec, store);
        this.announcements = new ModelAnnouncements(spec);
        this.gate = spec.categorical()
                ? ValidationGate.forTokens(spec.training().promoteMargin())
                : new ValidationGate(spec.training().promoteMargin());
        this.schedule = RetrainSchedule.of(spec.training());
        this.log = log;
        this.listener = listener;
    }

    /** Runs rounds until {@code stop} says so (checked every second while waiting) or the thread is interrupted. */
    public void run(BooleanSupplier stop) {
        KafkaEventReader counter = new KafkaEventReader(spec);
        while (!stop.getAsBoolean()) {
            long started = System.nanoTime();
            // taken before the round reads, so events arriving while it trains count towards the next
            long offsets = schedule.countsEvents() ? counter.endOffsetTotal() : 0;
            runOnce();
            while (!stop.getAsBoolean()
                    && !schedule.due(
                            Duration.ofNanos(System.nanoTime() - started),
                            schedule.countsEvents() ? counter.endOffsetTotal() - offsets : 0)) {
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One round: read the window, train, judge, then publish and announce or record the rejection. */
    public TrainingRound runOnce() {
        long started = System.nanoTime();
        TrainingRound round = round(Instant.now());
        listener.roundEnded(round, Instant.now(), Duration.ofNanos(System.nanoTime() - started));
        return round;
    }

    private TrainingRound round(Instant now) {
        KafkaEventReader reader = new KafkaEventReader(spec);
        List<Event> events = reader.readSince(now.minus(spec.training().window()));
        log.accept(String.format(
                "read %d events of the last %s from %s (%d invalid skipped)",
                events.size(), spec.training().window(), spec.topics().events(), reader.skipped()));
        Optional<ModelManifest> serving = servingModel();
        MultiLayerNetwork warmStart = serving.flatMap(publisher::warmStart).orElse(null);
        log.accept(
                warmStart == null
                        ? "training from random weights"
                        : "warm start from serving version " + serving.get().version());
        // keys in name order: the order partitions happen to deliver them in must not change the training
        Map<String, List<Event>> sequences = new TreeMap<>(EventSequences.byKey(events));
        if (spec.categorical()) {
            return tokenRound(now, events.size(), sequences, serving, warmStart);
        }
        Trainer.TrainedModel candidate;
        Tuner.Result tuned = null;
        try {
            if (tuner == null) {
                candidate = trainer.train(sequences, warmStart, log);
            } else {
                Tuner.Warm warm =
                        warmStart == null ? null : new Tuner.Warm(warmStart, TrialSettings.of(serving.get(), spec));
                tuned = tuner.tune(sequences, warm, log);
                candidate = tuned.model();
            }
        } catch (NotEnoughEventsException e) {
            return report(TrainingRound.skipped(events.size(), e.getMessage()));
        }
        Optional<ValidationGate.Serving> servingScore = serving.map(m -> new ValidationGate.Serving(
                m.version(), metric(trainer.validate(store.loadWeights(m), m.lags(), sequences), "validationMae")));
        ValidationGate.Decision decision = gate.decide(
                metric(candidate.metrics(), "validationMae"),
                servingScore,
                metric(candidate.metrics(), "validationNaiveMae"));
        return settle(now, events.size(), decision, candidate, servingScore, null, tuned);
    }

    /**
     * A next-token round: the vocabulary grows from the longest stored one, and models are judged by
     * cross-entropy on the held-out slice; the serving model is scored there with its own vocabulary.
     */
    private TrainingRound tokenRound(
            Instant now,
            int events,
            Map<String, List<Event>> sequences,
            Optional<ModelManifest> serving,
            MultiLayerNetwork warmStart) {
        TokenVocabulary vocabulary = tokenTrainer.vocabulary(sequences, publisher.longestStoredVocabulary());
        Trainer.TrainedModel candidate;
        try {
            candidate = tokenTrainer.train(sequences, vocabulary, warmStart, log);
        } catch (NotEnoughEventsException e) {
            return report(TrainingRound.skipped(events, e.getMessage()));
        }
        Optional<ValidationGate.Serving> servingScore = serving.map(m -> new ValidationGate.Serving(
                m.version(),
                metric(
                        tokenTrainer.validate(store.loadWeights(m), m.tokenVocabulary(), sequences),
                        "validationCrossEntropy")));
        ValidationGate.Decision decision = gate.decide(
                metric(candidate.metrics(), "validationCrossEntropy"),
                servingScore,
                metric(candidate.metrics(), "validationFrequencyCrossEntropy"));
        return settle(now, events, decision, candidate, servingScore, vocabulary, null);
    }

    /**
     * Publishes and announces a promoted candidate ({@code vocabulary} null for a numeric one,
     * {@code tuned} null for one trained without tuning), or records its rejection.
     */
    private TrainingRound settle(
            Instant now,
            int events,
            ValidationGate.Decision decision,
            Trainer.TrainedModel candidate,
            Optional<ValidationGate.Serving> servingScore,
            TokenVocabulary vocabulary,
            Tuner.Result tuned) {
        if (decision.promote()) {
            Map<String, Double> metrics = new LinkedHashMap<>(candidate.metrics());
            servingScore.ifPresent(s -> {
                metrics.put("servingVersion", (double) s.version());
                metrics.put(vocabulary == null ? "servingValidationMae" : "servingValidationCrossEntropy", s.mae());
            });
            Trainer.TrainedModel promoted = new Trainer.TrainedModel(candidate.network(), candidate.weights(), metrics);
            ModelManifest published = vocabulary != null
                    ? publisher.publish(promoted, vocabulary)
                    : tuned != null ? publisher.publish(promoted, tuned) : publisher.publish(promoted);
            announcements.announce(store.pointer(published));
            return report(TrainingRound.promoted(events, decision, published));
        }
        String file = store.recordRejection(new Rejection(
                now.toString(),
                spec.name(),
                decision.candidateMae(),
                decision.baselineName(),
                decision.baselineMae(),
                decision.reason(),
                candidate.metrics()));
        return report(TrainingRound.rejected(events, decision, file));
    }

    /** The stored manifest of the version the job serves (see {@link ModelAnnouncements#serving}). */
    private Optional<ModelManifest> servingModel() {
        return announcements.serving(store).map(p -> store.manifest(p.version()));
    }

    /** A missing score (no validation points) is NaN, which the gate refuses. */
    private static double metric(Map<String, Double> metrics, String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }

    private TrainingRound report(TrainingRound round) {
        log.accept(round.message());
        return round;
    }
}
