package io.stepcast.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * uPlot's script and style sheet, read from its webjar on the class path so the page can carry them
 * inline: a report must open with no network. The version comes from the webjar's own Maven
 * metadata, so the pom is the one place that names it. Its MIT licence asks that copies carry the
 * notice, so the page does, in a comment.
 */
record ChartLibrary(String version, String script, String styleSheet, String licence) {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    static ChartLibrary uplot() {
        Properties pom = new Properties();
        try (InputStream in = Resources.open(POM_PROPERTIES)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("uPlot's webjar (org.webjars.npm:uplot) is not on the class path", e);
        }
        String version = pom.getProperty("version");
        ChartLibrary library = new ChartLibrary(
                version,
                Resources.text(WEBJAR + version + "/dist/uPlot.iife.min.js"),
                Resources.text(WEBJAR + version + "/dist/uPlot.min.css"),
                Resources.text(WEBJAR + version + "/LICENSE"));
        // inside <script>, <style> or a comment these would end the element early; no escaping can fix code
        if (library.script.contains("</") || library.styleSheet.contains("</") || library.licence.contains("-->")) {
            throw new IllegalStateException("uPlot " + version + " cannot be inlined: it would close its element");
        }
        return library;
    }
}
