package io.stepcast.tools.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One self-contained HTML page of a report: the template {@code report.html}, with the chart library,
 * the page's own script {@code report.js} and the data inlined, so it opens from a file with no
 * network.
 */
public final class ReportPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "io/stepcast/tools/report/";
    private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");

    private ReportPage() {}

    /** Writes the page to {@code out} (creating its folder) and returns the absolute path. */
    public static Path write(ReportData data, String title, Path out) throws IOException {
        Path target = out.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, html(data, title));
        return target;
    }

    static String html(ReportData data, String title) {
        ChartLibrary uplot = ChartLibrary.uplot();
        Map<String, String> slots = Map.of(
                "TITLE", escapeHtml(title),
                "UPLOT_VERSION", uplot.version(),
                "UPLOT_LICENCE", uplot.licence(),
                "UPLOT_CSS", uplot.styleSheet(),
                "UPLOT_JS", uplot.script(),
                "PAGE_JS", Resources.text(PAGE + "report.js"),
                "DATA", dataBlock(data));
        // one pass, so text put into a slot is never scanned for slots itself
        Matcher m = SLOT.matcher(Resources.text(PAGE + "report.html"));
        StringBuilder page = new StringBuilder();
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("report.html: unknown slot " + m.group());
            }
            m.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        m.appendTail(page);
        return page.toString();
    }

    /**
     * The data as JSON that is safe inside {@code <script type="application/json">}: a '<' can only
     * occur inside a JSON string, where {@code \u003c} means the same to {@code JSON.parse} and
     * cannot close the element ({@code </script>}) or open a comment ({@code <!--}).
     */
    static String dataBlock(ReportData data) {
        try {
            return JSON.writeValueAsString(data.toJson()).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
