package io.stepcast.runtime.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepcast.runtime.spec.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Versioned model artifacts in any Flink file system (a local folder by default): one folder per
 * version, {@code v000001/}, holding {@code weights.bin} (what the inference kernel reads),
 * {@code dl4j-model.zip} (the DL4J network, for warm starts) and {@code manifest.json}. The manifest
 * is written last, so a version without one is incomplete and ignored.
 */
public final class ModelStore implements Serializable {
    public static final String MANIFEST_FILE = "manifest.json";
    private static final Pattern VERSION_DIR = Pattern.compile("v(\\d{6,})");
    private static final String REJECTED_DIR = "rejected";
    /** Basic ISO format: a colon in a file name would read as a URI scheme to Flink's {@link Path}. */
    private static final DateTimeFormatter REJECTION_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String uri;

    /** {@code location}: a URI ({@code file:///models}, {@code s3://bucket/models}) or a local path. */
    public ModelStore(String location) {
        URI parsed = URI.create(location.replace('\\', '/'));
        this.uri = parsed.getScheme() == null || parsed.getScheme().length() == 1
                ? Paths.get(location).toAbsolutePath().normalize().toUri().toString()
                : location;
    }

    public String uri() {
        return uri;
    }

    /** The newest complete version, if any. */
    public Optional<ModelManifest> latest() {
        long newest = newestVersion(true);
        return newest == 0 ? Optional.empty() : Optional.of(manifest(newest));
    }

    public ModelManifest manifest(long version) {
        return readManifest(new Path(versionDir(version), MANIFEST_FILE));
    }

    private static ModelManifest readManifest(Path file) {
        try {
            return JSON.readValue(read(file), ModelManifest.class);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Stores a new version, numbered one above the newest present, and returns its manifest with
     * version, file names and checksum filled in. {@code dl4jModel} may be null.
     */
    public ModelManifest publish(ModelManifest draft, ModelWeights weights, byte[] dl4jModel) {
        byte[] weightBytes = WeightsCodec.encode(weights);
        return write(
                version -> draft.stored(version, sha256(weightBytes), dl4jModel != null, null, draft.createdAt()),
                weightBytes,
                dl4jModel);
    }

    /**
     * Stores a new version that serves the weights of {@code version} again: versions only move
     * forward, so going back is a step forward to old weights. The manifest records {@code rollbackOf}.
     */
    public ModelManifest rollback(long version) {
        ModelManifest old = manifest(version);
        Path dir = versionDir(version);
        try {
            byte[] weightBytes = read(new Path(dir, old.weightsFile()));
            byte[] dl4jModel = old.dl4jFile() == null ? null : read(new Path(dir, old.dl4jFile()));
            return write(
                    v -> old.stored(
                            v,
                            old.weightsSha256(),
                            dl4jModel != null,
                            version,
                            Instant.now().toString()),
                    weightBytes,
                    dl4jModel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model version " + version + " from " + dir, e);
        }
    }

    private ModelManifest write(LongFunction<ModelManifest> manifestFor, byte[] weightBytes, byte[] dl4jModel) {
        // numbered above every version folder, complete or not: an interrupted publish leaves files behind
        long version = newestVersion(false) + 1;
        ModelManifest manifest = manifestFor.apply(version);
        Path dir = versionDir(version);
        try {
            write(new Path(dir, ModelManifest.WEIGHTS_FILE), weightBytes);
            if (dl4jModel != null) {
                write(new Path(dir, ModelManifest.DL4J_FILE), dl4jModel);
            }
            write(new Path(dir, MANIFEST_FILE), JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model version " + version + " to " + dir, e);
        }
        return manifest;
    }

    /**
     * Keeps a refused candidate's scores as {@code rejected/<UTC time>.json} and returns where. No
     * weights are kept: a rejected model never serves.
     */
    public String recordRejection(Rejection rejection) {
        Path file = new Path(
                new Path(new Path(uri), REJECTED_DIR),
                REJECTION_NAME.format(Instant.parse(rejection.rejectedAt())) + ".json");
        try {
            write(file, JSON.writeValueAsBytes(rejection));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a rejected model in " + file, e);
        }
        return file.toString();
    }

    /** Every recorded rejection, oldest first. */
    public List<Rejection> rejections() {
        Path dir = new Path(new Path(uri), REJECTED_DIR);
        List<Path> files = new ArrayList<>();
        for (FileStatus entry : list(dir)) {
            if (!entry.isDir() && entry.getPath().getName().endsWith(".json")) {
                files.add(entry.getPath());
            }
        }
        // the names are fixed-width UTC times, so name order is time order
        files.sort(Comparator.comparing(Path::getName));
        List<Rejection> all = new ArrayList<>();
        for (Path file : files) {
            try {
                all.add(JSON.readValue(read(file), Rejection.class));
            } catch (IOException e) {
                throw new ModelFormatException("cannot read " + file + ": " + e.getMessage());
            }
        }
        return all;
    }

    /** Every complete version, oldest first. */
    public List<ModelManifest> versions() {
        List<ModelManifest> all = new ArrayList<>();
        for (long v : versionNumbers(true)) {
            all.add(manifest(v));
        }
        return all;
    }

    /** The announcement that makes jobs serve a stored version. */
    public ModelPointer pointer(ModelManifest manifest) {
        return ModelPointer.of(manifest, versionDir(manifest.version()).toString());
    }

    /** Reads and verifies the weights of a version: checksum, then format, then shape. */
    public ModelWeights loadWeights(ModelManifest manifest) {
        return readWeights(versionDir(manifest.version()), manifest, manifest.weightsSha256());
    }

    /**
     * Loads the weights an announcement points at, refusing anything the job must not serve: a
     * location outside this store, a manifest or file whose checksum differs from the announced one,
     * a model that does not fit {@code spec} (cell, shape, features, normalisation), corrupt bytes.
     */
    public ServableModel load(ModelPointer pointer, JobSpec spec) {
        if (!contains(pointer.uri())) {
            throw new ModelFormatException("model location " + pointer.uri() + " is outside the model store " + uri);
        }
        Path dir = new Path(pointer.uri());
        ModelManifest manifest = readManifest(new Path(dir, MANIFEST_FILE));
        if (!manifest.weightsSha256().equalsIgnoreCase(pointer.sha256())) {
            throw new ModelFormatException("checksum mismatch: announced " + pointer.sha256() + ", manifest in "
                    + pointer.uri() + " says " + manifest.weightsSha256());
        }
        if (!pointer.modelShape().equals(manifest.shape())) {
            throw new ModelFormatException(
                    "announced shape " + pointer.modelShape().describe() + " differs from the stored "
                            + manifest.shape().describe());
        }
        String misfit = manifest.misfit(spec);
        if (misfit != null) {
            throw new ModelFormatException(
                    "model in " + pointer.uri() + " does not fit job '" + spec.name() + "': " + misfit);
        }
        return new ServableModel(manifest, readWeights(dir, manifest, pointer.sha256()));
    }

    /** A verified model that fits the job: its weights, and its manifest (a next-token model's vocabulary). */
    public record ServableModel(ModelManifest manifest, ModelWeights weights) {}

    /** Whether {@code location} lies inside this store (after resolving any "..", so it cannot escape). */
    public boolean contains(String location) {
        URI root = URI.create(uri).normalize();
        URI other;
        try {
            other = new Path(location).toUri().normalize();
        } catch (IllegalArgumentException e) {
            return false;
        }
        String rootPath = root.getPath().endsWith("/") ? root.getPath() : root.getPath() + "/";
        return Objects.equals(scheme(root), scheme(other))
                && Objects.equals(root.getAuthority(), other.getAuthority())
                && other.getPath() != null
                && other.getPath().startsWith(rootPath);
    }

    private static String scheme(URI u) {
        return u.getScheme() == null ? "file" : u.getScheme();
    }

    private ModelWeights readWeights(Path dir, ModelManifest manifest, String expectedSha256) {
        Path file = new Path(dir, manifest.weightsFile());
        byte[] bytes;
        try {
            bytes = read(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage());
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new ModelFormatException(
                    "checksum mismatch for " + file + ": expected " + expectedSha256 + ", file has " + actual);
        }
        ModelWeights weights = WeightsCodec.decode(bytes);
        if (!weights.shape().equals(manifest.shape())) {
            throw new ModelFormatException(
                    "weights in " + file + " have shape " + weights.shape().describe() + " but the manifest says "
                            + manifest.shape().describe());
        }
        return weights;
    }

    /** The DL4J network file of a version, for warm starts. */
    public byte[] loadDl4jModel(ModelManifest manifest) {
        Path file = new Path(versionDir(manifest.version()), manifest.dl4jFile());
        try {
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private long newestVersion(boolean completeOnly) {
        List<Long> versions = versionNumbers(completeOnly);
        return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
    }

    /** Version numbers present, ascending; {@code completeOnly} skips folders without a manifest. */
    private List<Long> versionNumbers(boolean completeOnly) {
        Path root = new Path(uri);
        List<Long> versions = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem();
            for (FileStatus entry : list(root)) {
                Matcher m = VERSION_DIR.matcher(entry.getPath().getName());
                if (entry.isDir()
                        && m.matches()
                        && (!completeOnly || fs.exists(new Path(entry.getPath(), MANIFEST_FILE)))) {
                    versions.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model store " + uri, e);
        }
        versions.sort(null);
        return versions;
    }

    /** The entries of a folder; none when it does not exist yet. */
    private static List<FileStatus> list(Path dir) {
        try {
            FileSystem fs = dir.getFileSystem();
            FileStatus[] entries = fs.exists(dir) ? fs.listStatus(dir) : null;
            return entries == null ? List.of() : List.of(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Path versionDir(long version) {
        return new Path(new Path(uri), String.format("v%06d", version));
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = file.getFileSystem().open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = file.getFileSystem().create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(bytes);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
