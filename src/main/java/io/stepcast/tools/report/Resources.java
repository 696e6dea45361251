package io.stepcast.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Class-path resources the page is assembled from: its template, its script and the chart library. */
final class Resources {
    private Resources() {}

    /** The resource at {@code path} (from the class-path root) as UTF-8 text. */
    static String text(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream open(String path) throws IOException {
        InputStream in = Resources.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("not on the class path: " + path);
        }
        return in;
    }
}
