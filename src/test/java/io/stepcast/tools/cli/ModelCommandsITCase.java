package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.kafka.ModelAnnouncements;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.Rejection;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code model list} and {@code model rollback} through the command line, against a real broker. */
class ModelCommandsITCase {
    private static final String JOB = """
            name: %s
            time: {features: [hour-of-day]}
            model: {hidden: 4}
            """;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(Map.of("models", 1), List.of("models"));
    }

    private String[] args(String name, String... more) throws Exception {
        Path job = Files.writeString(dir.resolve(name + ".yaml"), String.format(JOB, name));
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(List.of(
                "--job",
                job.toString(),
                "--bootstrap",
                KAFKA.bootstrapServers(),
                "--model-store",
                dir.resolve("models").toString()));
        return all.toArray(String[]::new);
    }

    private JobSpec spec(String name) {
        return TestSpecs.parse(String.format(JOB, name))
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
    }

    @Test
    void rollbackPublishesAndAnnouncesTheOldWeightsAsANewVersion() throws Exception {
        JobSpec spec = spec("rollback");
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest v1 = TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 1));
        ModelManifest v2 = TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 2));
        new ModelAnnouncements(spec).announce(store.pointer(v2));

        assertThat(Cli.run(args("rollback", "model", "rollback", "--to", "1")))
                .isEqualTo("version 3 now serves the weights of version 1\n");

        ModelManifest v3 = store.manifest(3);
        assertThat(v3.rollbackOf()).isEqualTo(1L);
        assertThat(v3.weightsSha256()).isEqualTo(v1.weightsSha256()).isNotEqualTo(v2.weightsSha256());
        assertThat(store.loadWeights(v3)).isEqualTo(store.loadWeights(v1));
        assertThat(new ModelAnnouncements(spec).serving(store)).contains(store.pointer(v3));
        String list = Cli.run(args("rollback", "model", "list"));
        assertThat(list.lines().toList())
                .containsExactly(
                        "model store "
                                + new ModelStore(spec.model().store()).uri(), // the folder exists now: a trailing slash
                        "  v1  " + v1.createdAt() + "  validationMae=-  validationNaiveMae=-",
                        "  v2  " + v2.createdAt() + "  validationMae=-  validationNaiveMae=-",
                        "* v3  " + v3.createdAt() + "  validationMae=-  validationNaiveMae=-  rollback of v1");
    }

    @Test
    void listShowsScoresAndRejectionsAndSaysWhenNothingIsAnnounced() throws Exception {
        JobSpec spec = spec("listing");
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest v1 = store.publish(
                ModelManifest.draft(spec, Map.of("validationMae", 1.25, "validationNaiveMae", 2.5)),
                TestSpecs.randomWeightsFor(spec, 1),
                null);
        store.recordRejection(new Rejection(
                "2026-01-05T10:15:00Z",
                "listing",
                3.0,
                "serving v1",
                1.25,
                "candidate MAE 3.00000 > 1.25000 (serving v1 MAE 1.25000 less 0.00000%)",
                Map.of("trainLoss", 0.5)));

        assertThat(Cli.run(args("listing", "model", "list")).lines().toList())
                .containsExactly(
                        "model store "
                                + new ModelStore(spec.model().store()).uri(), // the folder exists now: a trailing slash
                        "  v1  " + v1.createdAt() + "  validationMae=1.25000  validationNaiveMae=2.50000",
                        "no version announced yet",
                        "rejected 2026-01-05T10:15:00Z  candidate 3.00000 vs serving v1 1.25000: "
                                + "candidate MAE 3.00000 > 1.25000 (serving v1 MAE 1.25000 less 0.00000%)");
        assertThat(dir.resolve("models").resolve("rejected").resolve("20260105T101500.000Z.json"))
                .isRegularFile();
    }

    @Test
    void rollbackToAMissingVersionIsAnError() throws Exception {
        StringWriter err = new StringWriter();
        int exit = StepcastCommand.commandLine()
                .setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true))
                .execute(args("missing", "model", "rollback", "--to", "7"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("error: the model store "
                        + new ModelStore(dir.resolve("models").toString()).uri() + " has no version 7\n");
    }

    @Test
    void modelWithoutSubcommandNamesThem() {
        StringWriter err = new StringWriter();
        int exit =
                StepcastCommand.commandLine().setErr(new PrintWriter(err, true)).execute("model");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command: choose one of list, rollback");
    }
}
