package io.stepcast.tools.cli;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.feed.Pace;
import io.stepcast.training.input.EventCsv;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Send the events of a CSV file to the job's events topic as JSON, keyed by event key.")
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(names = "--input", required = true, paramLabel = "CSV", description = "CSV file of events (see README).")
    Path input;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS/S",
            defaultValue = "0",
            description = "Events per second; 0 sends as fast as Kafka takes them (default).")
    double rate;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = options.out();
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative");
        }
        JobSpec spec = options.load();
        List<Event> events = EventCsv.read(input, spec);
        JsonCodec codec = JsonCodec.of(spec);
        Pace pace = Pace.perSecond(rate);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaClientProperties.of(spec).producer(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Event e : events) {
                pace.awaitTurn();
                producer.send(new ProducerRecord<>(
                        spec.topics().events(), e.key.getBytes(StandardCharsets.UTF_8), codec.event(e, spec.fields())));
            }
        }
        out.printf("sent %d events to %s%n", events.size(), spec.topics().events());
        return 0;
    }
}
