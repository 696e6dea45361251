package io.stepcast.tools.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusLinesTest {

    /** Lucene's lines format: title, date and body; a blank body; a line without tabs. */
    static final String TEXT = "Title\t2004-03-30\tThe body.\nTitle\t2004-03-31\t \nNo tabs here\n";

    static final List<String> EXPECTED = List.of("The body.", "No tabs here");

    @TempDir
    Path dir;

    @Test
    void readsAPlainFile() throws IOException {
        Path file = Files.writeString(dir.resolve("corpus.txt"), TEXT);

        assertThat(CorpusLines.read(file, "ignored")).isEqualTo(EXPECTED);
    }

    @Test
    void readsAGzippedFile() throws IOException {
        Path file = dir.resolve("corpus.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(TEXT.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(CorpusLines.read(file, "ignored")).isEqualTo(EXPECTED);
    }

    @Test
    void readsAGzippedEntryOfAJar() throws IOException {
        Path jar = dir.resolve("corpus.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("other.txt"));
            zip.write("not this\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(CorpusLines.EUROPARL_ENTRY));
            GZIPOutputStream gzip = new GZIPOutputStream(zip);
            gzip.write(TEXT.getBytes(StandardCharsets.UTF_8));
            gzip.finish();
            zip.closeEntry();
        }

        assertThat(CorpusLines.read(jar, CorpusLines.EUROPARL_ENTRY)).isEqualTo(EXPECTED);
        assertThatThrownBy(() -> CorpusLines.read(jar, "missing.txt"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.txt");
    }

    @Test
    void aMissingCorpusIsNamed() {
        assertThatThrownBy(() -> CorpusLines.read(dir.resolve("absent.jar"), CorpusLines.EUROPARL_ENTRY))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.jar");
    }
}
