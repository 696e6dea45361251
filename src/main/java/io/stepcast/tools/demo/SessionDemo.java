package io.stepcast.tools.demo;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.EmbeddedKafka;
import io.stepcast.tools.sequence.NGramModel;
import io.stepcast.tools.sequence.NextTokenEvaluation;
import io.stepcast.tools.sequence.Session;
import io.stepcast.tools.sequence.SessionEvents;
import io.stepcast.tools.sequence.Vocabulary;
import io.stepcast.tools.sequence.WorkflowGrammar;
import io.stepcast.tools.sequence.WorkflowSessions;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.TokenTrainer;
import io.stepcast.training.Trainer;
import io.stepcast.training.input.EventSequences;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo of a categorical job ({@code tokens.field}): web-shop sessions drawn from a workflow
 * grammar ({@link WorkflowGrammar#shop()}). A first next-token model is trained with DL4J on normal
 * sessions only (none injected), then a stream of further sessions, a fixed fraction of them taken
 * out of the grammar ({@link WorkflowSessions}), runs through the job on the embedded broker and a
 * local MiniCluster. There is no live swap: a round on the stream would learn the injected unseen
 * event type, and a grown vocabulary trains from random weights, for minutes. The summary holds how well
 * the served predictions found the injected sessions and guessed the next event, next to a frequency
 * and a bigram baseline run on the same sessions.
 */
public final class SessionDemo {
    /**
     * The first model's training: fewer epochs at a higher learning rate than the job file's (20 at
     * 0.01), which would hold the demo up for minutes on a small machine.
     */
    static final int DEMO_EPOCHS = 8;

    static final double DEMO_LEARNING_RATE = 0.03;
    /** Add-k smoothing of the baselines. */
    static final double BASELINE_K = 0.1;
    /** Session i of the history starts i * ARRIVAL after the first; a session's events are STEP apart. */
    static final long ARRIVAL_MILLIS = 5_000;

    static final long STEP_MILLIS = 20_000;
    static final Instant HISTORY_START = Instant.parse("2026-01-05T08:00:00Z");

    /** What to run: {@code trainingSessions} normal ones train the first model, {@code liveSessions} stream. */
    public record Settings(
            JobSpec spec,
            Path workDir,
            int trainingSessions,
            int liveSessions,
            double injectionRate,
            int seconds,
            long seed) {}

    private final Settings settings;
    private final PrintWriter out;

    public SessionDemo(Settings settings, PrintWriter out) {
        if (!settings.spec().categorical()) {
            throw new IllegalArgumentException("job '" + settings.spec().name() + "' has no tokens.field");
        }
        this.settings = settings;
        this.out = out;
    }

    /** Runs the demo and returns its summary (the last line it prints, as a map). */
    public Map<String, Object> run() throws Exception {
        long started = System.nanoTime();
        List<Session> history = historySessions(settings.trainingSessions(), settings.seed());
        List<Session> live = liveSessions(
                settings.liveSessions(), settings.trainingSessions(), settings.injectionRate(), settings.seed());
        List<Event> historyEvents =
                SessionEvents.interleave(history, HISTORY_START.toEpochMilli(), ARRIVAL_MILLIS, STEP_MILLIS);
        List<Event> liveEvents = SessionEvents.interleave(
                live, historyEvents.get(historyEvents.size() - 1).ts + STEP_MILLIS, ARRIVAL_MILLIS, STEP_MILLIS);
        Set<String> injected =
                live.stream().filter(Session::injected).map(Session::key).collect(Collectors.toSet());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            DemoStage stage = DemoStage.on(kafka, settings.spec(), settings.workDir(), out);
            JobSpec spec = stage.spec();
            Map<TopicPartition, Long> liveStart = stage.sendHistory(historyEvents);

            JobSpec quick =
                    spec.withTraining(spec.training().withEpochs(DEMO_EPOCHS).withLearningRate(DEMO_LEARNING_RATE));
            out.printf(
                    "training a first %s next-event model on %d normal sessions (%d events) with DL4J"
                            + " (%d epochs, learning rate %s)...%n",
                    spec.model().cell().id(), history.size(), historyEvents.size(), DEMO_EPOCHS, DEMO_LEARNING_RATE);
            ModelManifest first = trainFirst(quick, stage, historyEvents);
            stage.announce(first);
            JobClient job = stage.startJob(liveStart);

            SessionTally tally = new SessionTally(
                    stage.bootstrap(),
                    spec.topics(),
                    stage.codec(),
                    injected,
                    spec.tokens().topG(),
                    line -> out.println("  " + line));
            Thread reader = new Thread(tally, "demo-tally");
            reader.start();
            out.printf(
                    "streaming %d sessions (%d events), %d of them out of the grammar%n",
                    live.size(), liveEvents.size(), injected.size());
            double elapsed = (System.nanoTime() - started) / 1e9;
            double streamSeconds = Math.max(5, settings.seconds() - elapsed - 3);
            long sent = stage.stream(liveEvents, List.of(), streamSeconds, tally, null);
            DemoStage.drain(tally, reader, liveEvents.size());

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("events_in", sent);
            summary.putAll(tally.summary());
            summary.put("baselines", baselines(history, live, spec.tokens().topG()));
            summary.putAll(DemoStage.jobCounters());
            job.cancel().get();
            summary.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            return summary;
        }
    }

    /** The first model: trained on the history, its vocabulary learned from it, published to the demo's store. */
    private ModelManifest trainFirst(JobSpec quick, DemoStage stage, List<Event> historyEvents) {
        TokenTrainer trainer = new TokenTrainer(quick);
        Map<String, List<Event>> sequences = new TreeMap<>(EventSequences.byKey(historyEvents));
        TokenVocabulary vocabulary = trainer.vocabulary(sequences, null);
        Trainer.TrainedModel trained = trainer.train(sequences, vocabulary, null, line -> out.println("  " + line));
        return new ModelPublisher(stage.spec(), stage.store()).publish(trained, vocabulary);
    }

    /** The normal sessions the first model trains on, keyed from 0. */
    static List<Session> historySessions(int count, long seed) {
        return new WorkflowSessions(WorkflowGrammar.shop(), 0, seed).generate(count);
    }

    /** The streamed sessions, a fraction of them injected, keyed on from {@code firstKey}: no key is reused. */
    static List<Session> liveSessions(int count, int firstKey, double injectionRate, long seed) {
        List<Session> sessions = new ArrayList<>(count);
        for (Session s : new WorkflowSessions(WorkflowGrammar.shop(), injectionRate, seed + 1).generate(count)) {
            int number = firstKey + sessions.size();
            sessions.add(new Session(WorkflowSessions.key(number), s.tokens(), s.injection(), s.injectedAt()));
        }
        return sessions;
    }

    /**
     * The frequency and bigram baselines on the same live sessions, learned online: from the history
     * first (not scored), then from each live token after scoring it. Flagged as DeepLog flags: the
     * arrived token not in their top g.
     */
    static Map<String, Object> baselines(List<Session> history, List<Session> live, int g) {
        List<Session> all = new ArrayList<>(history);
        all.addAll(live);
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put(
                "frequency", figures(NGramModel.frequency(BASELINE_K, Vocabulary.growing()), all, g, history.size()));
        baselines.put("bigram", figures(new NGramModel(2, BASELINE_K, Vocabulary.growing()), all, g, history.size()));
        return baselines;
    }

    private static Map<String, Object> figures(NGramModel model, List<Session> sessions, int g, int warmUp) {
        NextTokenEvaluation.Report report = NextTokenEvaluation.run(model, sessions, g, warmUp);
        return SessionTally.figures(
                report.predictions(),
                report.top1Accuracy(),
                report.topGAccuracy(),
                report.perplexity(),
                report.detection());
    }
}
