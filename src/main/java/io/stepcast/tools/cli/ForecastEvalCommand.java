package io.stepcast.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import io.stepcast.runtime.spec.Usage;
import io.stepcast.tools.csv.CsvRowWriter;
import io.stepcast.tools.forecast.ForecastEvaluation;
import io.stepcast.tools.forecast.ForecastReport;
import io.stepcast.tools.forecast.ForecastRow;
import io.stepcast.tools.forecast.ForecastWindow;
import io.stepcast.training.input.EventCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "forecast-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Forecast a series K rows ahead, streaming, with a model of its own retrained on rows already "
                    + "seen, and score the forecasts made at rows [I, J) by weighted MAPE and NRMSE next to the "
                    + "persistence and weekly-naive baselines.",
            "Reads timestamp,value CSV and NuPIC-style CSV (three header rows). The job file (default: the "
                    + "bundled jobs/nyc-taxi.yaml) sets the model, features and training schedule. Training "
                    + "progress goes to stderr."
        })
final class ForecastEvalCommand implements Callable<Integer> {
    @Option(names = "--file", required = true, paramLabel = "CSV", description = "The series.")
    Path file;

    @Option(
            names = "--horizon",
            required = true,
            paramLabel = "K",
            description = "Rows ahead each forecast looks (replaces the job's model.horizon).")
    int horizon;

    @Option(
            names = "--from-row",
            required = true,
            paramLabel = "I",
            description = "First scored prediction time (0-based data row).")
    int fromRow;

    @Option(
            names = "--to-row",
            paramLabel = "J",
            description = "End of the scored prediction times, exclusive (default and maximum: rows − K).")
    Integer toRow;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write every scored prediction: timestamp_made,target_row,actual,predicted.")
    Path out;

    @Option(
            names = "--job",
            defaultValue = "jobs/nyc-taxi.yaml",
            paramLabel = "FILE",
            description = "Job definition (YAML); a bundled one is used when no such file exists "
                    + "(default: ${DEFAULT-VALUE}).")
    String job;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = JobOptions.checked(JobSpecLoader.loadOrBundled(job), job, command, Usage.SELF_TRAINING)
                .withHorizon(horizon);
        List<Event> series = EventCsv.read(file, spec.fields());
        ForecastWindow window = ForecastWindow.of(series.size(), horizon, fromRow, toRow);
        ForecastEvaluation evaluation =
                new ForecastEvaluation(spec, command.commandLine().getErr());
        ForecastReport report;
        if (out == null) {
            report = evaluation.run(series, window, row -> {});
        } else {
            try (CsvRowWriter csv = new CsvRowWriter(
                    Files.newBufferedWriter(out), "timestamp_made", "target_row", "actual", "predicted")) {
                report = evaluation.run(series, window, row -> write(csv, row));
            }
        }
        PrintWriter stdout = command.commandLine().getOut();
        stdout.print(
                json
                        ? new ObjectMapper().writeValueAsString(report.toJson()) + System.lineSeparator()
                        : report.toText());
        stdout.flush();
        return 0;
    }

    private static void write(CsvRowWriter csv, ForecastRow row) {
        try {
            csv.write(
                    Instant.ofEpochMilli(row.timestampMade()).toString(),
                    row.targetRow(),
                    row.actual(),
                    row.predicted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
