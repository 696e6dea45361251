package io.stepcast.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.model.VectorKernelJvmOptions;
import io.stepcast.tools.bench.KernelBenchmark;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

class VectorModuleLauncherTest {

    @Test
    void aJarLaunchedWithDashJarIsRelaunchedWithDashJarSoItsManifestOpensStillApply() {
        List<String> command = VectorModuleLauncher.command(
                "/usr/bin/java",
                List.of("-Xmx1g", "-Dx=y"),
                "target/stepcast.jar",
                "target/stepcast.jar demo --events 10",
                StepcastCommand.class,
                new String[] {"demo", "--events", "10"});

        assertThat(command)
                .containsExactly(
                        "/usr/bin/java",
                        "--add-modules=jdk.incubator.vector",
                        "-XX:CompileCommand=quiet",
                        "-XX:CompileCommand=dontinline,io.stepcast.runtime.model.VectorKernel::activate",
                        "-Xmx1g",
                        "-Dx=y",
                        "-D" + VectorModuleLauncher.CHILD_PROPERTY + "=true",
                        "-jar",
                        "target/stepcast.jar",
                        "demo",
                        "--events",
                        "10");
    }

    @Test
    void aClassPathLaunchIsRelaunchedWithTheSameClassPathAndMainClass() {
        List<String> command = VectorModuleLauncher.command(
                "/usr/bin/java",
                List.of(),
                "classes:lib/a.jar",
                "io.stepcast.tools.cli.StepcastCommand run job.yaml",
                StepcastCommand.class,
                new String[] {"run", "job.yaml"});

        assertThat(command)
                .containsExactly(
                        "/usr/bin/java",
                        "--add-modules=jdk.incubator.vector",
                        "-XX:CompileCommand=quiet",
                        "-XX:CompileCommand=dontinline,io.stepcast.runtime.model.VectorKernel::activate",
                        "-D" + VectorModuleLauncher.CHILD_PROPERTY + "=true",
                        "-cp",
                        "classes:lib/a.jar",
                        StepcastCommand.class.getName(),
                        "run",
                        "job.yaml");
    }

    @Test
    void theRelaunchCarriesTheOptionsTheBuildStartsTestJvmsWith() {
        // surefire's argLine and the filtered resource both come from the pom's vector.kernel.jvmOptions
        List<String> options = VectorKernelJvmOptions.list();
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsSubsequence(options);
        assertThat(VectorModuleLauncher.command(
                        "/usr/bin/java", List.of(), "a.jar", "a.jar", StepcastCommand.class, new String[0]))
                .containsSubsequence(options);
        // JMH forks need their options as constants
        assertThat(KernelBenchmark.class.getAnnotation(Fork.class).jvmArgsAppend())
                .contains(options.toArray(String[]::new));
    }

    @Test
    void aJvmThatHasTheModuleRunsTheCommandItself() {
        // surefire starts the test JVM with --add-modules jdk.incubator.vector
        assertThat(VectorModuleLauncher.relaunchIfNeeded(StepcastCommand.class, new String[0]))
                .isEmpty();
    }
}
