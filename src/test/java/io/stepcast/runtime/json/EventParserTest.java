package io.stepcast.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.InvalidEventException;
import io.stepcast.runtime.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
    private static final JobSpec SINGLE = TestSpecs.parse("name: single");
    private static final JobSpec MULTI =
            TestSpecs.parse("fields: {key: machine, time: ts, values: values, features: [temp, rpm]}");

    private static final JobSpec TOKENS =
            TestSpecs.parse("fields: {features: []}\ntokens: {field: event, maxLength: 6}");
    private static final JobSpec TOKENS_WITH_VALUES =
            TestSpecs.parse("fields: {features: [latency, bytes]}\ntokens: {field: event}");

    private static final long T0 = 1_767_608_100_000L; // 2026-01-05T10:15:00Z
    /** When the records were produced: a day after T0. */
    private static final long RECORD_TS = T0 + 86_400_000L;

    private static Event parse(JobSpec spec, String json) throws InvalidEventException {
        return new EventParser(spec)
                .parse(new InputRecord(json == null ? null : json.getBytes(StandardCharsets.UTF_8), 0, 0, RECORD_TS));
    }

    private static InvalidEventException rejection(JobSpec spec, String json) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> parse(spec, json));
        assertThat(e).as("expected %s to be rejected", json).isNotNull();
        return e;
    }

    @Test
    void singleValueWithIsoTime() throws Exception {
        assertThat(parse(SINGLE, "{\"key\":\"s1\",\"ts\":\"2026-01-05T10:15:00Z\",\"value\":21.5}"))
                .isEqualTo(new Event("s1", T0, 21.5));
    }

    @Test
    void singleValueWithEpochMillis() throws Exception {
        assertThat(parse(SINGLE, "{\"key\":\"s1\",\"ts\":1767608100123,\"value\":-3}"))
                .isEqualTo(new Event("s1", T0 + 123, -3.0));
    }

    @Test
    void epochMillisAsDigitString() throws Exception {
        assertThat(parse(SINGLE, "{\"key\":\"s1\",\"ts\":\"1767608100000\",\"value\":1}").ts)
                .isEqualTo(T0);
    }

    @Test
    void offsetTimeIsConvertedToUtc() throws Exception {
        assertThat(parse(SINGLE, "{\"key\":\"s1\",\"ts\":\"2026-01-05T12:15:00.250+02:00\",\"value\":0.1}"))
                .isEqualTo(new Event("s1", T0 + 250, 0.1));
    }

    @Test
    void singleFeatureMayUseTheValuesObject() throws Exception {
        assertThat(parse(SINGLE, "{\"key\":\"s1\",\"ts\":0,\"values\":{\"value\":4.25}}"))
                .isEqualTo(new Event("s1", 0, 4.25));
    }

    @Test
    void multiFeatureValuesComeInConfiguredOrder() throws Exception {
        Event e = parse(
                MULTI,
                "{\"ts\":\"2026-01-05T10:15:00Z\",\"values\":{\"rpm\":1500,\"extra\":9,\"temp\":71.25},"
                        + "\"machine\":\"m-7\"}");
        assertThat(e).isEqualTo(new Event("m-7", T0, 71.25, 1500.0));
    }

    @Test
    void customFieldNames() throws Exception {
        JobSpec custom = TestSpecs.parse("fields: {key: id, time: time, value: reading}");
        assertThat(parse(
                        custom, "{\"id\":\"a\",\"time\":\"2026-01-05T10:15:00Z\",\"reading\":2.5,\"key\":\"ignored\"}"))
                .isEqualTo(new Event("a", T0, 2.5));
        assertThat(rejection(custom, "{\"key\":\"a\",\"time\":0,\"reading\":1}").reason())
                .isEqualTo(DeadLetterReason.MISSING_KEY);
        assertThat(rejection(custom, "{\"id\":\"a\",\"ts\":0,\"reading\":1}").getMessage())
                .contains("'time'");
    }

    @Test
    void integerKeyBecomesItsText() throws Exception {
        assertThat(parse(SINGLE, "{\"key\":42,\"ts\":0,\"value\":1}").key).isEqualTo("42");
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                                                  | EMPTY_PAYLOAD",
                "`   `                                               | EMPTY_PAYLOAD",
                "`{\"key\":\"a\",\"ts\":0,\"value\":1`                     | MALFORMED_JSON",
                "`{key:a}`                                           | MALFORMED_JSON",
                "`{\"key\":\"a\",\"ts\":0,\"value\":1} x`                | MALFORMED_JSON",
                "`{\"key\":\"a\",\"ts\":0,\"value\":1} {}`               | MALFORMED_JSON",
                "`[{\"key\":\"a\",\"ts\":0,\"value\":1}]`                | NOT_AN_OBJECT",
                "`42`                                                | NOT_AN_OBJECT",
                "`\"text\"`                                          | NOT_AN_OBJECT",
                "`null`                                              | NOT_AN_OBJECT",
                "`{\"ts\":0,\"value\":1}`                              | MISSING_KEY",
                "`{\"key\":\"\",\"ts\":0,\"value\":1}`                   | MISSING_KEY",
                "`{\"key\":null,\"ts\":0,\"value\":1}`                 | MISSING_KEY",
                "`{\"key\":1.5,\"ts\":0,\"value\":1}`                  | BAD_KEY",
                "`{\"key\":{\"a\":1},\"ts\":0,\"value\":1}`            | BAD_KEY",
                "`{\"key\":\"\\udc00\",\"ts\":0,\"value\":1}`         | BAD_KEY",
                "`{\"key\":\"a\",\"ts\":-1,\"value\":1}`               | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":\"1969-12-31T23:59:59Z\",\"value\":1}` | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":99999999999999999999,\"value\":1}` | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":\"+999999999-01-01T00:00:00Z\",\"value\":1}` | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":1767698100001,\"value\":1}`    | FUTURE_TIME",
                "`{\"key\":\"a\",\"ts\":0,\"value\":1e16}`             | VALUE_OUT_OF_RANGE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":-1.7976931348623157E308}` | VALUE_OUT_OF_RANGE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":1,\"value\":2}`    | MALFORMED_JSON",
                "`{\"key\":\"a\",\"value\":1}`                         | MISSING_TIME",
                "`{\"key\":\"a\",\"ts\":null,\"value\":1}`             | MISSING_TIME",
                "`{\"key\":\"a\",\"ts\":\"yesterday\",\"value\":1}`    | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":\"2026-13-01T00:00:00Z\",\"value\":1}` | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":1.5,\"value\":1}`              | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":true,\"value\":1}`             | BAD_TIME",
                "`{\"key\":\"a\",\"ts\":0}`                            | MISSING_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":null}`             | MISSING_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"values\":7}`               | MISSING_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":\"3.2\"}`          | NON_NUMERIC_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":true}`             | NON_NUMERIC_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":[1]}`              | NON_NUMERIC_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":NaN}`              | NON_FINITE_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":Infinity}`         | NON_FINITE_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":-Infinity}`        | NON_FINITE_VALUE",
                "`{\"key\":\"a\",\"ts\":0,\"value\":1e400}`            | NON_FINITE_VALUE",
            })
    void singleFeatureRejections(String json, DeadLetterReason reason) {
        InvalidEventException e = rejection(SINGLE, json);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void aTombstoneIsNamed() {
        assertThat(rejection(SINGLE, null).reason()).isEqualTo(DeadLetterReason.TOMBSTONE);
    }

    @Test
    void theFutureIsMeasuredFromTheRecordsTimestampPlusTheSkew() throws Exception {
        long limit = RECORD_TS + SINGLE.input().maxFutureSkew().toMillis();
        assertThat(parse(SINGLE, "{\"key\":\"a\",\"ts\":" + limit + ",\"value\":1}").ts)
                .isEqualTo(limit);
        assertThat(rejection(SINGLE, "{\"key\":\"a\",\"ts\":" + (limit + 1) + ",\"value\":1}")
                        .reason())
                .isEqualTo(DeadLetterReason.FUTURE_TIME);
    }

    @Test
    void limitsAreInclusive() throws Exception {
        JobSpec tight = TestSpecs.parse("input: {maxKeyLength: 4, maxAbsValue: 10, maxPayloadBytes: 40}");
        assertThat(parse(tight, "{\"key\":\"abcd\",\"ts\":0,\"value\":-10}").values)
                .containsExactly(-10);
        assertThat(rejection(tight, "{\"key\":\"abcde\",\"ts\":0,\"value\":1}").reason())
                .isEqualTo(DeadLetterReason.KEY_TOO_LONG);
        // six bytes in UTF-8, though three chars: the limit is on bytes
        assertThat(rejection(tight, "{\"key\":\"\u00e9\u00e9\u00e9\",\"ts\":0,\"value\":1}")
                        .reason())
                .isEqualTo(DeadLetterReason.KEY_TOO_LONG);
        assertThat(rejection(tight, "{\"key\":\"a\",\"ts\":0,\"value\":10.000001}")
                        .reason())
                .isEqualTo(DeadLetterReason.VALUE_OUT_OF_RANGE);
        String forty = "{\"key\":\"a\",\"ts\":0,\"value\":1}" + " ".repeat(40 - 28);
        assertThat(parse(tight, forty).key).isEqualTo("a");
        assertThat(rejection(tight, forty + " ").reason()).isEqualTo(DeadLetterReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedBeforeParsing() {
        byte[] latin1 = "{\"key\":\"caf\u00e9\",\"ts\":0,\"value\":1}".getBytes(StandardCharsets.ISO_8859_1);
        InvalidEventException e = catchThrowableOfType(
                InvalidEventException.class,
                () -> new EventParser(SINGLE).parse(new InputRecord(latin1, 0, 0, RECORD_TS)));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_UTF8);
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":1}}`              | MISSING_VALUE | values.rpm",
                "`{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":1,\"rpm\":null}}` | MISSING_VALUE | values.rpm",
                "`{\"machine\":\"m\",\"ts\":0,\"value\":1}`                          | MISSING_VALUE | values",
                "`{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":\"1\",\"rpm\":2}}` | NON_NUMERIC_VALUE | values.temp",
                "`{\"machine\":\"m\",\"ts\":0,\"values\":{\"temp\":1,\"rpm\":NaN}}`  | NON_FINITE_VALUE | values.rpm",
            })
    void multiFeatureRejectionsNameTheFeature(String json, DeadLetterReason reason, String field) {
        InvalidEventException e = rejection(MULTI, json);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void nonFiniteMessageSaysWhichValue(String literal) {
        InvalidEventException e = rejection(SINGLE, "{\"key\":\"a\",\"ts\":0,\"value\":" + literal + "}");
        assertThat(e.getMessage()).isEqualTo("'value' is " + literal);
    }

    @Test
    void rejectionsCarryNoStackTrace() {
        assertThat(rejection(SINGLE, "").getStackTrace()).isEmpty();
    }

    @Test
    void aTokenJobReadsTheTokenAndNoValues() throws Exception {
        Event e = parse(TOKENS, "{\"key\":\"s1\",\"ts\":\"2026-01-05T10:15:00Z\",\"event\":\"login\"}");
        assertThat(e).isEqualTo(Event.ofToken("s1", T0, "login"));
        assertThat(e.token).isEqualTo("login");
        assertThat(e.values).isEmpty();
        // a value or values present anyway are not read
        assertThat(parse(TOKENS, "{\"key\":\"s1\",\"ts\":0,\"event\":\"buy\",\"value\":\"x\"}").values)
                .isEmpty();
        // limits inclusive: six bytes, in UTF-8 (three two-byte chars)
        assertThat(parse(TOKENS, "{\"key\":\"s1\",\"ts\":0,\"event\":\"\u00e9\u00e9\u00e9\"}").token)
                .isEqualTo("\u00e9\u00e9\u00e9");
        assertThat(parse(TOKENS, "{\"key\":\"s1\",\"ts\":0,\"event\":\"abcdef\"}").token)
                .isEqualTo("abcdef");
        // a surrogate pair is Unicode: four bytes
        assertThat(parse(TOKENS, "{\"key\":\"s1\",\"ts\":0,\"event\":\"\ud83d\ude00\"}").token)
                .isEqualTo("\ud83d\ude00");
    }

    @Test
    void numericFeaturesRideAlongWithTheToken() throws Exception {
        Event e = parse(
                TOKENS_WITH_VALUES,
                "{\"key\":\"s1\",\"ts\":0,\"event\":\"view\",\"values\":{\"bytes\":512,\"latency\":0.25}}");
        assertThat(e).isEqualTo(Event.ofToken("s1", 0, "view", 0.25, 512));
        assertThat(rejection(TOKENS_WITH_VALUES, "{\"key\":\"s1\",\"ts\":0,\"event\":\"view\"}")
                        .reason())
                .isEqualTo(DeadLetterReason.MISSING_VALUE);
        // a numeric job does not read the token field
        assertThat(parse(SINGLE, "{\"key\":\"s1\",\"ts\":0,\"value\":1,\"event\":7}").token)
                .isNull();
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`{\"key\":\"a\",\"ts\":0}`                           | MISSING_TOKEN | field 'event' is missing",
                "`{\"key\":\"a\",\"ts\":0,\"event\":null}`            | MISSING_TOKEN | field 'event' is missing",
                "`{\"key\":\"a\",\"ts\":0,\"Event\":\"login\"}`       | MISSING_TOKEN | field 'event' is missing",
                "`{\"key\":\"a\",\"ts\":0,\"event\":\"\"}`            | INVALID_TOKEN | must be a non-empty string",
                "`{\"key\":\"a\",\"ts\":0,\"event\":7}`               | INVALID_TOKEN | must be a non-empty string",
                "`{\"key\":\"a\",\"ts\":0,\"event\":true}`            | INVALID_TOKEN | must be a non-empty string",
                "`{\"key\":\"a\",\"ts\":0,\"event\":[\"a\"]}`         | INVALID_TOKEN | must be a non-empty string",
                "`{\"key\":\"a\",\"ts\":0,\"event\":{\"a\":1}}`       | INVALID_TOKEN | must be a non-empty string",
                "`{\"key\":\"a\",\"ts\":0,\"event\":\"\\udc00\"}`    | INVALID_TOKEN | unpaired surrogate",
                "`{\"key\":\"a\",\"ts\":0,\"event\":\"ab\\ud83d\"}`  | INVALID_TOKEN | unpaired surrogate",
                "`{\"key\":\"a\",\"ts\":0,\"event\":\"abcdefg\"}`     | INVALID_TOKEN | the token has 7 bytes, more than tokens.maxLength (6)",
                "`{\"key\":\"a\",\"ts\":0,\"event\":\"\u00e9\u00e9\u00e9x\"}` | INVALID_TOKEN | the token has 7 bytes",
                "`{\"key\":\"a\",\"ts\":0,\"event\":\"\\ud83d\\ude00xyz\"}` | INVALID_TOKEN | the token has 7 bytes",
                "`{\"ts\":0,\"event\":\"login\"}`                      | MISSING_KEY   | key",
            })
    void tokenRejections(String json, DeadLetterReason reason, String detail) {
        InvalidEventException e = rejection(TOKENS, json);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(detail);
    }
}
