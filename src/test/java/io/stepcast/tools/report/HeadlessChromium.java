package io.stepcast.tools.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, run headless to load a page and print the DOM its scripts left behind. */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The first chromium on the PATH, if any. */
    static Optional<HeadlessChromium> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .map(HeadlessChromium::new);
    }

    /**
     * The DOM of {@code page} (with {@code fragment} after a '#', or none) once its scripts have run:
     * the virtual time budget lets timers and animation frames fire before the dump.
     */
    String dumpDom(Path page, String fragment, Path profile) throws IOException, InterruptedException {
        String url = page.toUri() + (fragment.isEmpty() ? "" : "#" + fragment);
        Process chromium = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--disable-gpu",
                        "--no-sandbox",
                        "--user-data-dir=" + profile,
                        "--window-size=1200,900",
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // read before waiting: a DOM larger than the pipe's buffer would otherwise block chromium
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new IOException("chromium did not finish within 60 s: " + url);
        }
        if (chromium.exitValue() != 0) {
            throw new IOException("chromium exited with " + chromium.exitValue() + " on " + url);
        }
        return dom;
    }
}
