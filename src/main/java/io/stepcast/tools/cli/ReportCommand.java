package io.stepcast.tools.cli;

import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.kafka.KafkaClientProperties;
import io.stepcast.runtime.kafka.TopicRange;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.tools.report.PredictionFile;
import io.stepcast.tools.report.ReportData;
import io.stepcast.tools.report.ReportPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The predictions as a picture: one HTML page, readable offline, of what {@code read} prints or of a
 * file of its lines, for an analyst who would otherwise have only JSON lines to look at.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML page (no network needed to open it) of the job's predictions "
                + "topic (committed records up to the end it has now, like read) or of a file of prediction JSON "
                + "lines: per key the observed and predicted values, the anomaly score, flagged points and model "
                + "swaps. Prints the page's path.")
final class ReportCommand implements Callable<Integer> {
    /** Where the predictions come from: exactly one of a job's topic and a file. */
    static final class Source {
        @ArgGroup(exclusive = false)
        Topic topic;

        @Option(
                names = "--input",
                required = true,
                paramLabel = "FILE",
                description = "A file of predictions, one JSON object per line (as read prints them).")
        Path input;
    }

    /** The job's predictions topic; {@code read}'s options, bar the ones that do not apply here. */
    static final class Topic {
        @Option(
                names = "--job",
                required = true,
                paramLabel = "FILE",
                description = "Job definition (YAML) whose predictions topic to read.")
        String job;

        @Option(
                names = "--bootstrap",
                paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers; overrides kafka.bootstrap.")
        String bootstrap;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(
            names = "--out",
            paramLabel = "PATH",
            defaultValue = "stepcast-report.html",
            description = "The page to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        ReportData data;
        String title;
        if (source.input != null) {
            data = PredictionFile.read(source.input);
            title = "Stepcast predictions: " + source.input.getFileName();
        } else {
            JobSpec spec = JobSpecLoader.load(source.topic.job).withConnections(source.topic.bootstrap, null);
            data = fromTopic(spec);
            title = "Stepcast predictions: " + spec.name() + " / "
                    + spec.topics().predictions();
        }
        PrintWriter printer = command.commandLine().getOut();
        printer.println(ReportPage.write(data, title, out));
        printer.flush();
        return 0;
    }

    private static ReportData fromTopic(JobSpec spec) {
        JsonCodec codec = JsonCodec.of(spec);
        ReportData data = new ReportData(codec.features());
        TopicRange.read(
                KafkaClientProperties.of(spec).consumer(),
                spec.topics().predictions(),
                TopicRange.BEGINNING,
                record -> data.add(codec.readPrediction(record.value())));
        return data;
    }
}
