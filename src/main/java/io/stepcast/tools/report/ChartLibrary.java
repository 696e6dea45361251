package io.stepcast.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * uPlot's script and style sheet, read from its webjar on the class path so the page can carry them
 * inline: a report must open with no network. The version comes from the webjar's own Maven
 * metadata, so the pom is the one place that names it.
 */
record ChartLibrary(String version, String script, String styleSheet) {
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
        String dist = WEBJAR + version + "/dist/";
        ChartLibrary library = new ChartLibrary(
                version, Resources.text(dist + "uPlot.iife.min.js"), Resources.text(dist + "uPlot.min.css"));
        // inside <script> and <style> these would end the element early; no escaping can fix code
        if (library.script.contains("</") || library.styleSheet.contains("</")) {
            throw new IllegalStateException("uPlot " + version + " contains '</' and cannot be inlined");
        }
        return library;
    }
}
