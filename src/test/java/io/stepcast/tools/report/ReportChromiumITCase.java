package io.stepcast.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.tools.cli.Cli;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stepcast report} end to end: the page it writes, opened from a file in headless Chromium,
 * draws every key with uPlot. The page's script records on each chart's container what uPlot was
 * given and drew (points, flagged points, swap markers); the dumped DOM must show the counts of the
 * input. CI installs Debian's chromium ({@code .ci/run}); without one on the PATH this is skipped.
 */
class ReportChromiumITCase {
    private static final Pattern CHART = Pattern.compile("<div class=\"chart\"[^>]*>");
    private static final Pattern ATTRIBUTE = Pattern.compile("data-(\\w+)=\"([^\"]*)\"");

    @Test
    void everyKeysChartsAreDrawnWithTheExpectedPoints(@TempDir Path dir) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no chromium on the PATH");
        Path input = SamplePredictions.writeLines(dir.resolve("predictions.jsonl"));
        Path page = dir.resolve("out/report.html");

        String printed = Cli.run("report", "--input", input.toString(), "--out", page.toString());

        assertThat(printed.strip()).isEqualTo(page.toAbsolutePath().toString());
        assertThat(Files.readString(page)).doesNotContain("<script src").doesNotContain("<link");
        for (SamplePredictions.Key key : SamplePredictions.KEYS) {
            // the first key is the one shown by default; the others through the picker's address
            String fragment = key == SamplePredictions.KEYS.get(0)
                    ? ""
                    : "key="
                            + URLEncoder.encode(key.name(), StandardCharsets.UTF_8)
                                    .replace("+", "%20");
            List<Map<String, String>> charts = charts(chromium.dumpDom(page, fragment, dir.resolve("profile")));

            assertThat(charts).as("charts drawn for %s", key.name()).hasSize(2);
            for (Map<String, String> chart : charts) {
                assertThat(chart)
                        .as("%s chart of %s", chart.get("chart"), key.name())
                        .containsEntry("key", key.name())
                        .containsEntry("points", String.valueOf(key.points()))
                        .containsEntry("flagged", String.valueOf(key.flagged().size()))
                        .containsEntry("swaps", String.valueOf(key.swapsAt().size()));
            }
            assertThat(charts).extracting(c -> c.get("chart")).containsExactly("values", "score");
        }
    }

    /** The data attributes of each chart container, in page order. */
    private static List<Map<String, String>> charts(String dom) {
        return CHART.matcher(dom)
                .results()
                .map(tag -> {
                    Map<String, String> attributes = new HashMap<>();
                    Matcher a = ATTRIBUTE.matcher(tag.group());
                    while (a.find()) {
                        attributes.put(a.group(1), unescape(a.group(2)));
                    }
                    return attributes;
                })
                .toList();
    }

    private static String unescape(String attribute) {
        return attribute
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
