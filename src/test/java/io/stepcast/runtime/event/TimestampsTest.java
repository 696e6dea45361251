package io.stepcast.runtime.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-01-05T10:15:00Z          | 1767608100000",
                "2026-01-05T10:15:00.123Z      | 1767608100123",
                "2026-01-05T10:15:00.123456Z   | 1767608100123",
                "1970-01-01T00:00:00Z          | 0",
                "1969-12-31T23:59:59Z          | -1000",
                "2026-01-05T11:15:00+01:00     | 1767608100000",
                "2026-01-05T05:15:00-05:00     | 1767608100000",
                "2026-01-05T10:15+00:00        | 1767608100000",
                "2014-07-01 00:00:00           | 1404172800000",
                "2014-07-01T00:00:00           | 1404172800000",
                "2014-07-01 00:05              | 1404173100000",
                "2014-07-01 00:00:00.250       | 1404172800250",
                "2014-04-10 07:15:00.000000    | 1397114100000",
                "2014-07-01 00:00:00.123456    | 1404172800123",
                "1767608100000                 | 1767608100000",
                "0                             | 0",
                "'  1767608100000  '           | 1767608100000",
                "' 2026-01-05T10:15:00Z '      | 1767608100000",
            })
    void parses(String text, long expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "  ",
                "yesterday",
                "2026-01-05",
                "2026-13-01T00:00:00Z",
                "2026-01-05 25:00:00",
                "12:00",
                "1767608100000ms",
                "9999999999999999999",
                "-5",
                "2026/01/05 10:15:00"
            })
    void rejects(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
