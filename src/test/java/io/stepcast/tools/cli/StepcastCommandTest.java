package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class StepcastCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = StepcastCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void topLevelHelpListsTheSubcommands() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: stepcast")
                .contains("demo")
                .contains("run")
                .contains("train")
                .contains("replay");
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo",
                "run",
                "train",
                "replay",
                "trainer",
                "model",
                "nab",
                "nab-score",
                "forecast-eval",
                "bench",
                "settings",
                "topics",
                "read",
                "report",
                "cluster"
            })
    void subcommandHelpPrintsItsUsage(String command) {
        assertThat(execute(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: stepcast " + command).contains("--help");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void helpNeverPrintsTheSecretsOfAJobFile(@TempDir Path dir) throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        String job = Files.writeString(dir.resolve("secure.yaml"), """
                        kafka:
                          properties:
                            security.protocol: SASL_SSL
                            ssl.truststore.password: %1$s
                            sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="%1$s";'
                        """.formatted(secret))
                .toString();
        List<String[]> helps = List.of(
                new String[] {"--help"},
                new String[] {"run", "--help"},
                new String[] {"run", "--job", job, "--help"},
                new String[] {"train", "--job", job, "--help"},
                new String[] {"settings"});
        for (String[] help : helps) {
            assertThat(execute(help)).isZero();
        }
        assertThat(out.toString()).contains("Usage: stepcast run").doesNotContain(secret);
        assertThat(err.toString()).doesNotContain(secret);
    }

    @Test
    void helpSubcommandWorksToo() {
        assertThat(execute("help", "train")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: stepcast train")
                .contains("--job")
                .contains("--input");
    }

    @Test
    void jobCommandsDocumentTheirOptions() {
        execute("run", "--help");
        assertThat(out.toString())
                .contains("--job=FILE")
                .contains("--bootstrap")
                .contains("--model-store")
                .contains("newest announced model")
                .contains("--checkpoint-dir=DIR")
                .contains("--fresh")
                .contains("--from-savepoint=PATH");
    }

    @Test
    void runStartsEitherFreshOrFromASavepoint() {
        assertThat(execute("run", "--job", "x.yaml", "--fresh", "--from-savepoint", "sp"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString())
                .contains("mutually exclusive")
                .contains("--fresh")
                .contains("--from-savepoint");
    }

    @Test
    void unknownFlagIsNamed() {
        assertThat(execute("demo", "--bogus")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--bogus").contains("Usage: stepcast demo");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownCommandIsNamed() {
        assertThat(execute("predict")).isNotZero();
        assertThat(err.toString()).contains("predict");
    }

    @Test
    void missingCommandIsReported() {
        assertThat(execute()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing command").contains("demo, run, train, replay");
    }

    @Test
    void trainWithoutJobNamesTheOption() {
        assertThat(execute("train", "--input", "data.csv")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option").contains("--job");
    }

    @Test
    void runWithAMissingJobFileNamesTheFile(@TempDir Path dir) {
        String missing = dir.resolve("missing.yaml").toString();
        assertThat(execute("run", "--job", missing)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + missing + ": no such job file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void runWithARelativeMissingJobFileNamesTheFile() {
        assertThat(execute("run", "--job", "missing.yaml")).isNotZero();
        assertThat(err.toString()).contains("missing.yaml");
    }

    @Test
    void invalidJobFileErrorNamesTheField(@TempDir Path dir) throws Exception {
        Path job = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), "model: {hiden: 3}\n");
        assertThat(execute("train", "--job", job.toString(), "--input", "x.csv"))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains(job.toString())
                .contains("model.hiden")
                .contains("unknown field");
    }

    @Test
    void outOfRangeJobValueNamesFileAndField(@TempDir Path dir) throws Exception {
        Path job = java.nio.file.Files.writeString(dir.resolve("zero.yaml"), "model: {hidden: 0}\n");
        assertThat(execute("run", "--job", job.toString())).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("error: " + job + ": model.hidden: must be between 1 and 4096, got 0");
    }

    @Test
    void trainWithAMissingCsvNamesTheFile(@TempDir Path dir) {
        Path store = dir.resolve("store");
        String csv = dir.resolve("nope.csv").toString();
        assertThat(execute("train", "--job", "jobs/demo.yaml", "--model-store", store.toString(), "--input", csv))
                .isEqualTo(1);
        assertThat(err.toString()).contains("nope.csv");
    }

    @Test
    void versionIsPrinted() {
        assertThat(execute("--version")).isZero();
        assertThat(out.toString()).startsWith("stepcast ");
    }
}
