package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsCommandTest {
    private static final String TABLE_START = "<!-- settings table:";
    private static final String TABLE_END = "<!-- end of settings table -->";

    @Test
    void readmeJobFileTableIsTheGeneratedOne() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = indexOfLineStartingWith(readme, TABLE_START) + 1;
        int end = indexOfLineStartingWith(readme, TABLE_END);

        assertThat(readme.subList(start, end))
                .as(
                        "README.md's job-file table (between '%s' and '%s') is out of date: replace it with the output "
                                + "of `java -jar target/stepcast.jar settings --markdown` (SettingsCommand.markdownTable())",
                        TABLE_START, TABLE_END)
                .containsExactlyElementsOf(
                        SettingsCommand.markdownTable().lines().toList());
    }

    @Test
    void settingsListsEverySettingWithTypeDefaultAndReaders() {
        String out = Cli.run("settings");

        assertThat(out)
                .contains("model.hidden: integer, default 32\n    hidden units per layer (1 to 4096)\n")
                .contains("training.ensemble: integer, default 1, read only by nab, forecast-eval\n")
                .contains("topics.deadLetter: string, default <events>-dlq\n");
    }

    @Test
    void markdownIsTheTable() {
        assertThat(Cli.run("settings", "--markdown"))
                .isEqualTo(SettingsCommand.markdownTable())
                .startsWith("| field | type | default | meaning |\n|---|---|---|---|\n");
    }

    @Test
    void aTrainingCommandRefusesASettingItWouldIgnore(@TempDir Path dir) throws IOException {
        Path job = Files.writeString(dir.resolve("five.yaml"), "name: five\ntraining: {ensemble: 5}\n");

        String err = Cli.runFailing(
                "train",
                "--job",
                job.toString(),
                "--input",
                dir.resolve("none.csv").toString());

        assertThat(err)
                .contains(
                        "error: " + job + ": training.ensemble is 5, but train ignores it (read only by nab "
                                + "and forecast-eval), which would change the results the job file asks for; remove it or set it to 1");
    }

    @Test
    void aTrainingCommandWarnsAboutASettingItIgnoresAndGoesOn(@TempDir Path dir) throws IOException {
        Path job = Files.writeString(dir.resolve("w.yaml"), "name: w\ntraining: {windowEvents: 3000}\n");

        // the missing CSV fails the command after the job file has been checked
        String err = Cli.runFailing(
                "train",
                "--job",
                job.toString(),
                "--input",
                dir.resolve("none.csv").toString());

        assertThat(err)
                .startsWith("warning: " + job + ": training.windowEvents is 3000, but train ignores it (read "
                        + "only by nab and forecast-eval)")
                .contains("none.csv");
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("README.md has no line starting with " + prefix);
    }
}
