package io.stepcast.training.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventCsvTest {
    private static final JobSpec.Fields SINGLE = new JobSpec.Fields(null, null, null, null, null);
    private static final JobSpec.Fields MULTI = new JobSpec.Fields("machine", "ts", null, null, List.of("temp", "rpm"));

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void keyedMultiFeatureCsvReadsColumnsByName() throws Exception {
        Path file = write("machines.csv", """
                rpm,machine,ts,temp
                1500,m1,2026-01-05T10:15:00Z,70.5
                1490, m2 ,1767608101000,-1e2
                1510,m1,2026-01-05 10:15:02,71
                """);
        assertThat(EventCsv.read(file, MULTI))
                .containsExactly(
                        new Event("m1", 1_767_608_100_000L, 70.5, 1500),
                        new Event("m2", 1_767_608_101_000L, -100, 1490),
                        new Event("m1", 1_767_608_102_000L, 71, 1510));
    }

    @Test
    void aJobWithTokensReadsItsTokenColumnAndRefusesARowWithout() throws Exception {
        JobSpec logs = TestSpecs.parse("name: logs\nfields: {key: session, features: []}\ntokens: {field: event}\n");
        Path file = write("sessions.csv", """
                session,ts,event
                s1,2026-01-05T10:15:00Z,login
                s2,1767608101000,search
                """);
        assertThat(EventCsv.read(file, logs))
                .containsExactly(
                        Event.ofToken("s1", 1_767_608_100_000L, "login"),
                        Event.ofToken("s2", 1_767_608_101_000L, "search"));
        Path missing = write("missing.csv", """
                session,ts,event
                s1,2026-01-05T10:15:00Z,
                """);
        assertThatThrownBy(() -> EventCsv.read(missing, logs))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("missing.csv line 2: no token in column 'event'");
    }

    @Test
    void nabStyleFileIsOneKeyNamedAfterTheFile() throws Exception {
        Path file = write("machine_temperature_system_failure.csv", """
                timestamp,value
                2013-12-02 21:15:00,73.967322
                2013-12-02 21:20:00,74.935882
                """);
        assertThat(EventCsv.read(file, SINGLE))
                .containsExactly(
                        new Event("machine_temperature_system_failure", 1_386_018_900_000L, 73.967322),
                        new Event("machine_temperature_system_failure", 1_386_019_200_000L, 74.935882));
    }

    @Test
    void singleFeatureNamedOtherThanValueFallsBackToTheValueColumn() throws Exception {
        JobSpec.Fields fields = new JobSpec.Fields(null, null, null, null, List.of("load"));
        Path file = write("s.csv", "key,ts,value\nk,0,2.5\n");
        assertThat(EventCsv.read(file, fields)).containsExactly(new Event("k", 0, 2.5));
    }

    @Test
    void nupicStyleFileSkipsItsTypesAndFlagsRows() throws Exception {
        JobSpec.Fields taxi = new JobSpec.Fields(null, "timestamp", "passenger_count", null, null);
        Path file = write("nyc_taxi.csv", """
                timestamp,passenger_count,timeofday,dayofweek
                datetime,int,int,string
                T,,,
                2014-07-01 00:00:00,10844,0,Tuesday
                2014-07-01 00:30:00,8127,30,Tuesday
                """);
        assertThat(EventCsv.read(file, taxi))
                .containsExactly(
                        new Event("nyc_taxi", 1_404_172_800_000L, 10844),
                        new Event("nyc_taxi", 1_404_174_600_000L, 8127));
    }

    @Test
    void nupicStyleFileReportsErrorsByFileLine() throws Exception {
        JobSpec.Fields taxi = new JobSpec.Fields(null, "timestamp", "passenger_count", null, null);
        Path file = write("t.csv", "timestamp,passenger_count\ndatetime,int\nT,\n2014-07-01 00:00:00,many\n");
        assertThatThrownBy(() -> EventCsv.read(file, taxi)).hasMessageStartingWith(file + " line 4: ");
    }

    @Test
    void headerOnlyFileHasNoEvents() throws Exception {
        assertThat(EventCsv.read(write("e.csv", "key,ts,value\n"), SINGLE)).isEmpty();
    }

    @Test
    void badNumberNamesFileAndLine() throws Exception {
        Path file = write("bad.csv", """
                key,ts,value
                a,0,1.0
                a,1000,2.0
                a,2000,two
                """);
        assertThatThrownBy(() -> EventCsv.read(file, SINGLE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " line 4: ")
                .hasMessageContaining("two");
    }

    @Test
    void badTimeNamesFileAndLine() throws Exception {
        Path file = write("badtime.csv", "key,ts,value\na,0,1\na,noon,2\n");
        assertThatThrownBy(() -> EventCsv.read(file, SINGLE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " line 3: ")
                .hasMessageContaining("noon");
    }

    @Test
    void missingFeatureColumnIsNamed() throws Exception {
        Path file = write("nofeature.csv", "machine,ts,temp\nm,0,1\n");
        assertThatThrownBy(() -> EventCsv.read(file, MULTI))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " line 2: no column for feature 'rpm'");
    }

    @Test
    void missingTimeColumnIsNamed() throws Exception {
        Path file = write("notime.csv", "key,when,value\nk,0,1\n");
        assertThatThrownBy(() -> EventCsv.read(file, SINGLE))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " line 2: no 'ts' or 'timestamp' column");
    }

    @Test
    void nonFiniteValuesAreRejectedLikeInJsonEvents() throws Exception {
        // EventParser dead-letters NaN and Infinity; a CSV must not slip them into training or replay.
        Path nan = write("nan.csv", "key,ts,value\na,0,1\na,1,NaN\n");
        assertThatThrownBy(() -> EventCsv.read(nan, SINGLE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(nan + " line 3: ")
                .hasMessageContaining("NaN");
        Path inf = write("inf.csv", "key,ts,value\na,0,-Infinity\n");
        assertThatThrownBy(() -> EventCsv.read(inf, SINGLE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(inf + " line 2: ");
    }
}
