package io.stepcast.tools.cli;

import io.stepcast.runtime.spec.JobSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;

/**
 * Where {@code run} keeps a job's checkpoints and stop savepoints on the local disk, and which of them a
 * new start resumes from. The folder of a job is {@code <delivery.checkpointDir>/<job name>}: Flink writes
 * each run's checkpoints to {@code <job id>/chk-N} below it (every start is a new job id) and
 * {@code run}'s stop savepoints go to {@code savepoints/savepoint-…}.
 *
 * <p>A checkpoint or savepoint is complete once its {@code _metadata} file exists: Flink writes the
 * state files first and the metadata last, through a temporary file renamed into place, so a process
 * killed mid-checkpoint leaves a folder without one. The rule for resuming is therefore the newest
 * {@code _metadata} (by modification time) of the job's folder, whether a checkpoint of any earlier
 * run or a stop savepoint: time, not the checkpoint number, because numbers of different runs are not
 * comparable and a savepoint has none.
 */
record LocalCheckpoints(Path jobFolder) {
    /** Checkpoints retained per run: more than one, in case the newest turns out unreadable. */
    static final int RETAINED = 3;

    private static final String METADATA = "_metadata";

    static LocalCheckpoints of(JobSpec spec) {
        return new LocalCheckpoints(
                Path.of(spec.delivery().checkpointDir()).resolve(spec.name()).toAbsolutePath());
    }

    Path savepoints() {
        return jobFolder.resolve("savepoints");
    }

    /**
     * Flink's settings for checkpoints in this folder, retained when the job is cancelled or stopped so
     * that the next start finds them (a killed process cleans up nothing anyway).
     */
    Configuration flinkConfiguration() {
        return new Configuration()
                .set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem")
                .set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        jobFolder.toUri().toString())
                .set(
                        CheckpointingOptions.SAVEPOINT_DIRECTORY,
                        savepoints().toUri().toString())
                .set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED)
                .set(
                        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    /** The folder of the newest complete checkpoint or savepoint of this job, if any. */
    Optional<Path> newest() {
        if (!Files.isDirectory(jobFolder)) {
            return Optional.empty();
        }
        // <job id>/chk-N/_metadata and savepoints/savepoint-…/_metadata: three levels down
        try (Stream<Path> files =
                Files.find(jobFolder, 3, (path, attributes) -> attributes.isRegularFile() && isMetadata(path))) {
            return files.max(Comparator.comparing(LocalCheckpoints::modified)).map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isMetadata(Path path) {
        Path folder = path.getParent();
        return path.getFileName().toString().equals(METADATA)
                && (folder.getFileName().toString().startsWith("chk-")
                        || folder.getParent().equals(savepoints()));
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
