package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointsTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path dir;

    private LocalCheckpoints checkpoints() {
        return LocalCheckpoints.of(TestSpecs.parse("name: sensors\ndelivery: {checkpointDir: " + dir + "}\n"));
    }

    /** A folder under the job's folder, complete (with {@code _metadata} written at {@code second}) or not. */
    private Path folder(String relative, Integer second) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("sensors").resolve(relative));
        Files.writeString(folder.resolve("some-state"), "x");
        if (second != null) {
            Path metadata = Files.writeString(folder.resolve("_metadata"), "m");
            Files.setLastModifiedTime(metadata, FileTime.from(T0.plusSeconds(second)));
        }
        return folder;
    }

    @Test
    void theNewestCompleteCheckpointOfAnyEarlierRunWins() throws IOException {
        folder("aaaa/chk-40", 1);
        Path newest = folder("bbbb/chk-7", 2); // a later run: its numbers restart lower
        folder("bbbb/chk-8", null); // killed while writing it
        folder("aaaa/chk-39", 0);

        assertThat(checkpoints().newest()).contains(newest);
    }

    @Test
    void aStopSavepointNewerThanEveryCheckpointWins() throws IOException {
        folder("aaaa/chk-3", 1);
        Path savepoint = folder("savepoints/savepoint-aaaaaa-0123456789ab", 2);

        assertThat(checkpoints().newest()).contains(savepoint);
    }

    @Test
    void aCheckpointNewerThanTheSavepointWins() throws IOException {
        folder("savepoints/savepoint-aaaaaa-0123456789ab", 1);
        Path checkpoint = folder("bbbb/chk-2", 2);

        assertThat(checkpoints().newest()).contains(checkpoint);
    }

    @Test
    void nothingCompleteMeansAFreshStart() throws IOException {
        assertThat(checkpoints().newest()).isEmpty();
        folder("aaaa/chk-1", null);
        folder("aaaa/shared", 3); // not a checkpoint, whatever it holds
        assertThat(checkpoints().newest()).isEmpty();
    }

    @Test
    void savepointsLiveInTheJobsFolder() {
        assertThat(checkpoints().savepoints()).isEqualTo(dir.resolve("sensors").resolve("savepoints"));
    }
}
