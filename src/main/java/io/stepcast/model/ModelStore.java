package io.stepcast.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.HexFormat;
import java.util.Optional;
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
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

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
        Path file = new Path(versionDir(version), MANIFEST_FILE);
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
        // numbered above every version folder, complete or not: an interrupted publish leaves files behind
        long version = newestVersion(false) + 1;
        ModelManifest manifest = new ModelManifest(version, draft.cell(), draft.inputs(), draft.hidden(),
                draft.layers(), draft.outputs(), draft.horizon(), draft.features(), draft.timeFeatures(),
                draft.normalisation(), draft.normalisationWindow(), ModelManifest.WEIGHTS_FILE, sha256(weightBytes),
                dl4jModel == null ? null : ModelManifest.DL4J_FILE, draft.createdAt(), draft.job(), draft.metrics());
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

    /** Reads and verifies the weights of a version: checksum, then format, then shape. */
    public ModelWeights loadWeights(ModelManifest manifest) {
        Path file = new Path(versionDir(manifest.version()), manifest.weightsFile());
        byte[] bytes;
        try {
            bytes = read(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage());
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(manifest.weightsSha256())) {
            throw new ModelFormatException("checksum mismatch for " + file + ": manifest says "
                    + manifest.weightsSha256() + ", file has " + actual);
        }
        ModelWeights weights = WeightsCodec.decode(bytes);
        if (!weights.shape().equals(manifest.shape())) {
            throw new ModelFormatException("weights in " + file + " have shape " + weights.shape().describe()
                    + " but the manifest says " + manifest.shape().describe());
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
        Path root = new Path(uri);
        try {
            FileSystem fs = root.getFileSystem();
            if (!fs.exists(root)) {
                return 0;
            }
            long newest = 0;
            FileStatus[] entries = fs.listStatus(root);
            for (FileStatus entry : entries == null ? new FileStatus[0] : entries) {
                Matcher m = VERSION_DIR.matcher(entry.getPath().getName());
                if (entry.isDir() && m.matches()
                        && (!completeOnly || fs.exists(new Path(entry.getPath(), MANIFEST_FILE)))) {
                    newest = Math.max(newest, Long.parseLong(m.group(1)));
                }
            }
            return newest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model store " + uri, e);
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
