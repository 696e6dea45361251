package io.stepcast.tools.cli;

import io.stepcast.tools.nab.NabCorpusReader;
import io.stepcast.tools.nab.NabLabels;
import io.stepcast.tools.nab.NabProfile;
import io.stepcast.tools.nab.NabReport;
import io.stepcast.tools.nab.NabScorer;
import io.stepcast.tools.nab.ScoredFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "nab-score",
        mixinStandardHelpOptions = true,
        description = "Score a detector's results on the Numenta Anomaly Benchmark (NAB v1.1 rules): one threshold "
                + "per profile for the whole corpus, normalised scores (100 perfect, 0 never firing) and per-file "
                + "detected windows (TP), false detections (FP) and missed windows (FN).")
final class NabScoreCommand implements Callable<Integer> {
    /** NAB's layout: {@code labels/combined_windows.json} beside {@code data/}. */
    private static final String DATA_FOLDER = "data";
    /** The per-file table is shown at this profile's threshold. */
    private static final NabProfile TABLE_PROFILE = NabProfile.STANDARD;

    @Option(
            names = "--results",
            required = true,
            paramLabel = "DIR",
            description = "NAB results folder: DIR/<detector>/<category>/<detector>_<file>.csv with columns "
                    + "timestamp,value,anomaly_score, row by row as the data file.")
    Path results;

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "FILE",
            description = "NAB label windows (combined_windows.json); every file in it needs results.")
    Path labels;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "NAB data folder, <category>/<file>.csv (default: the '" + DATA_FOLDER
                    + "' folder beside the labels file's folder).")
    Path data;

    @Option(
            names = "--detector",
            paramLabel = "NAME",
            description = "The detector's results folder (default: the only one, else '"
                    + NabCorpusReader.DEFAULT_DETECTOR + "').")
    String detector;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        NabLabels windows = NabLabels.read(labels);
        Path dataDir = data != null ? data : labels.toAbsolutePath().getParent().resolveSibling(DATA_FOLDER);
        String name = detector != null ? detector : NabCorpusReader.defaultDetector(results);
        List<ScoredFile> files = new NabCorpusReader(dataDir, windows).read(results, name);
        NabReport report = NabReport.of(name, files);
        PrintWriter out = output.out();
        if (output.json) {
            out.println(report.toJson());
        } else {
            print(report, files, out);
        }
        out.flush();
        return 0;
    }

    /** Thresholds print in full (shortest exact form): detectors often need one like 0.9999995. */
    private static void print(NabReport report, List<ScoredFile> files, PrintWriter out) {
        int windows = files.stream().mapToInt(f -> f.windows().size()).sum();
        out.printf(
                Locale.ROOT,
                "NAB v1.1 scores of '%s': %d files, %d windows%n",
                report.detector(),
                files.size(),
                windows);
        out.printf(
                Locale.ROOT,
                "%-20s %8s %12s %10s %9s %10s%n",
                "profile",
                "score",
                "threshold",
                "raw",
                "perfect",
                "null");
        report.profiles()
                .forEach((profile, r) -> out.printf(
                        Locale.ROOT,
                        "%-20s %8.2f %12s %10.3f %9.3f %10.3f%n",
                        profile,
                        r.score(),
                        r.threshold(),
                        r.raw(),
                        r.perfect(),
                        r.nullRaw()));
        out.printf(
                Locale.ROOT,
                "%nper file, %s profile at threshold %s (TP and FN count windows, FP counts detections):%n",
                TABLE_PROFILE.nabName(),
                report.profile(TABLE_PROFILE).threshold());
        int nameWidth = files.stream().mapToInt(f -> f.name().length()).max().orElse(0);
        String name = "%-" + nameWidth + "s";
        out.printf(Locale.ROOT, name + " %7s %4s %5s %4s %8s%n", "file", "windows", "TP", "FP", "FN", "raw");
        for (ScoredFile file : files) {
            NabScorer.FileScore s = report.files().get(file.name()).get(TABLE_PROFILE.nabName());
            out.printf(
                    Locale.ROOT,
                    name + " %7d %4d %5d %4d %8.3f%n",
                    file.name(),
                    file.windows().size(),
                    s.tp(),
                    s.fp(),
                    s.fn(),
                    s.raw());
        }
    }
}
