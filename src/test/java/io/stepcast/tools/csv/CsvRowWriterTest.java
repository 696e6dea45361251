package io.stepcast.tools.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CsvRowWriterTest {

    @Test
    void writesWhatStringConcatenationWroteBeforeForNabAndForecastRows() throws IOException {
        StringWriter out = new StringWriter();
        double[] doubles = {0.1 + 0.2, 1.0E-5, 123456789.0, 0.0, -2.5, Double.NaN};
        try (CsvRowWriter csv = new CsvRowWriter(out, "timestamp", "row", "value")) {
            for (int i = 0; i < doubles.length; i++) {
                csv.write("2026-01-05 00:0" + i + ":00", i, doubles[i]);
            }
        }
        StringBuilder expected = new StringBuilder("timestamp,row,value\n");
        for (int i = 0; i < doubles.length; i++) {
            expected.append("2026-01-05 00:0" + i + ":00" + "," + i + "," + doubles[i] + "\n");
        }
        assertThat(out).hasToString(expected.toString());
    }

    @Test
    void quotesOnlyValuesThatNeedIt() throws IOException {
        StringWriter out = new StringWriter();
        try (CsvRowWriter csv = new CsvRowWriter(out, "a", "b")) {
            csv.write("x,y", "say \"hi\"");
        }
        assertThat(out).hasToString("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n");
    }
}
