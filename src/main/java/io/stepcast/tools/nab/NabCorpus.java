package io.stepcast.tools.nab;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.training.input.EventCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A NAB-style corpus: {@code DIR/<category>/<file>.csv}, each a {@code timestamp,value} series. Files
 * are named by their path relative to the corpus, {@code <category>/<file>.csv}, as NAB's label
 * files name them.
 */
public record NabCorpus(Path dir, List<String> files) {

    /** The corpus under {@code dir}, files in name order; fails if there is none. */
    public static NabCorpus at(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no corpus directory " + dir);
        }
        List<String> files;
        try (Stream<Path> paths = Files.walk(dir, 2)) {
            files = paths.filter(p -> dir.relativize(p).getNameCount() == 2)
                    .filter(p -> p.getFileName().toString().endsWith(".csv") && Files.isRegularFile(p))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no <category>/<file>.csv files under " + dir);
        }
        return new NabCorpus(dir, files);
    }

    /**
     * Every file's rows, in file order within each file, interleaved across files (row 0 of every
     * file, then row 1, ...): a source emitting one whole file after another would keep all but one
     * parallel detector idle behind backpressure.
     */
    public List<SeriesRow> rows(JobSpec.Fields fields) {
        List<List<Event>> series = files.stream().map(f -> read(f, fields)).toList();
        int longest = series.stream().mapToInt(List::size).max().orElse(0);
        List<SeriesRow> rows = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            for (int f = 0; f < files.size(); f++) {
                if (i < series.get(f).size()) {
                    Event e = series.get(f).get(i);
                    rows.add(new SeriesRow(files.get(f), i, e.ts, e.values[0]));
                }
            }
        }
        return rows;
    }

    private List<Event> read(String file, JobSpec.Fields fields) {
        try {
            return EventCsv.read(dir.resolve(file), fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a detector's results for {@code file} go under {@code out}, as NAB lays them out. */
    public static Path resultPath(Path out, String detector, String file) {
        int slash = file.indexOf('/');
        return out.resolve(detector)
                .resolve(file.substring(0, slash))
                .resolve(detector + "_" + file.substring(slash + 1));
    }
}
