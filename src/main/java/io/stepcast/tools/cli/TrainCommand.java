package io.stepcast.tools.cli;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.kafka.KafkaEventReader;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.Usage;
import io.stepcast.training.ModelPublisher;
import io.stepcast.training.TokenTrainer;
import io.stepcast.training.Trainer;
import io.stepcast.training.input.EventCsv;
import io.stepcast.training.input.EventSequences;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the job's model with DL4J and publish it as a new version in the model store.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "CSV|kafka",
            description = "A CSV file of events, or 'kafka' to read the job's events topic from the beginning.")
    String input;

    @Option(names = "--fresh", description = "Start from random weights even when the store has a model that fits.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = options.out();
        JobSpec spec = options.load(Usage.ONE_OFF_TRAINING);
        List<Event> events;
        if (input.equals("kafka")) {
            KafkaEventReader reader = new KafkaEventReader(spec);
            events = reader.readAll();
            out.printf(
                    "read %d events from %s (%d invalid skipped)%n",
                    events.size(), spec.topics().events(), reader.skipped());
        } else {
            events = EventCsv.read(Path.of(input), spec);
            out.printf("read %d events from %s%n", events.size(), input);
        }
        ModelStore store = new ModelStore(spec.model().store());
        ModelPublisher publisher = new ModelPublisher(spec, store);
        MultiLayerNetwork warmStart = fresh ? null : publisher.warmStart().orElse(null);
        out.println(warmStart == null ? "training from random weights" : "warm start from the newest stored model");
        Map<String, List<Event>> sequences = EventSequences.byKey(events);
        ModelManifest manifest;
        if (spec.categorical()) {
            // grown from the longest stored vocabulary even with --fresh: ids must keep their meaning
            TokenTrainer trainer = new TokenTrainer(spec);
            TokenVocabulary vocabulary = trainer.vocabulary(sequences, publisher.longestStoredVocabulary());
            manifest = publisher.publish(trainer.train(sequences, vocabulary, warmStart, out::println), vocabulary);
        } else {
            manifest = publisher.publish(new Trainer(spec).train(sequences, warmStart, out::println));
        }
        out.printf("published version %d to %s%n%s%n", manifest.version(), store.uri(), manifest.metrics());
        return 0;
    }
}
