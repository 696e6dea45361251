package io.stepcast.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page builder: what the data block holds, and that nothing in it can break the page out of its element. */
class ReportPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dataBlockHoldsEachKeysSeriesSortedByKeyAndTime() throws Exception {
        JsonNode data = JSON.readTree(ReportPage.dataBlock(SamplePredictions.data()));

        assertThat(data.get("features")).hasToString("[\"temp\",\"rpm\"]");
        assertThat(data.get("keys")).hasSize(SamplePredictions.KEYS.size());
        for (int k = 0; k < SamplePredictions.KEYS.size(); k++) {
            SamplePredictions.Key expected = SamplePredictions.KEYS.get(k);
            JsonNode key = data.get("keys").get(k);
            assertThat(key.get("key").asText()).isEqualTo(expected.name());
            assertThat(key.get("t")).hasSize(expected.points());
            assertThat(key.get("t").get(1).asDouble())
                    .isEqualTo((SamplePredictions.START + SamplePredictions.STEP) / 1000.0);
            assertThat(key.get("observed")).hasSize(2);
            assertThat(key.get("observed").get(1).get(2).asDouble()).isEqualTo(1202);
            // no prediction for a key's first event: a gap in the predicted line, not a zero
            assertThat(key.get("predicted").get(0).get(0).isNull()).isTrue();
            assertThat(key.get("predicted").get(0).get(1).asDouble())
                    .isEqualTo(key.get("observed").get(0).get(1).asDouble() + 0.25);
            assertThat(key.get("score")).hasSize(expected.points());
            assertThat(ints(key.get("flagged"))).containsExactlyInAnyOrderElementsOf(expected.flagged());
            List<Double> swapTimes = new ArrayList<>();
            key.get("swaps").forEach(s -> swapTimes.add(s.get("t").asDouble()));
            assertThat(swapTimes)
                    .containsExactlyElementsOf(expected.swapsAt().stream()
                            .map(i -> (SamplePredictions.START + i * SamplePredictions.STEP) / 1000.0)
                            .toList());
            assertThat(key.get("versions")).hasSize(expected.swapsAt().size() + 1);
        }
    }

    @Test
    void aKeyThatClosesTheScriptElementStaysInsideTheDataBlock() throws Exception {
        String html = ReportPage.html(SamplePredictions.data(), "</title><script>alert(1)</script>");

        assertThat(html).doesNotContain("</script><!--y").doesNotContain("<!--y");
        // the three scripts (data, uPlot, the page's own) close where they should, and nowhere else
        assertThat(Pattern.compile("</script>").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
        String block = html.substring(
                html.indexOf("<script type=\"application/json\" id=\"report-data\">"), html.indexOf("</script>"));
        JsonNode data = JSON.readTree(block.substring(block.indexOf('>') + 1));
        assertThat(data.get("keys").get(2).get("key").asText()).isEqualTo("x</script><!--y");
    }

    @Test
    void pageFetchesNothing() {
        String html = ReportPage.html(SamplePredictions.data(), "offline");

        assertThat(html).contains("uPlot").contains("Copyright (c)").contains(".uplot");
        assertThat(html)
                .doesNotContain("src=")
                .doesNotContain("href=")
                .doesNotContain("url(")
                .doesNotContain("@import");
        // the one address in it is uPlot's banner comment, /*! https://github.com/leeoniya/uPlot (v…) */
        String withoutBanners = html.replaceAll("(?s)/\\*!.*?\\*/", "");
        assertThat(withoutBanners).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void noPredictionsStillMakeAPage() throws Exception {
        String html = ReportPage.html(new ReportData(List.of("value")), "empty");

        assertThat(html).contains("{\"features\":[\"value\"],\"keys\":[]}");
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }
}
