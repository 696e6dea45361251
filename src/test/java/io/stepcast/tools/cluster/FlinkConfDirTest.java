package io.stepcast.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkConfDirTest {
    @TempDir
    Path dir;

    @Test
    void aRunsValuesReplaceTheFilesWhetherNestedOrFlat() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("config.yaml"), """
                rest:
                  port: 8081
                  address: example.org
                taskmanager.numberOfTaskSlots: 2
                """);

        Path conf = FlinkConfDir.prepare(source, dir.resolve("conf"), Map.of("rest.port", "18081"));

        assertThat(Files.readAllLines(conf.resolve("config.yaml")))
                .containsExactly("rest.address: example.org", "rest.port: 18081", "taskmanager.numberOfTaskSlots: 2");
        assertThat(source.resolve("config.yaml")).content().contains("port: 8081");
    }

    @Test
    void aFolderWithoutLoggingGetsTheDefaultConfigurationAndKeepsItsOwn() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("config.yaml"), "parallelism.default: 1\n");
        assertThat(FlinkConfDir.prepare(plain, dir.resolve("a"), Map.of()).resolve("log4j.properties"))
                .content()
                .contains("${sys:log.file}");

        Files.writeString(plain.resolve("log4j.properties"), "rootLogger.level = WARN\n");
        assertThat(FlinkConfDir.prepare(plain, dir.resolve("b"), Map.of()).resolve("log4j.properties"))
                .hasContent("rootLogger.level = WARN");
    }
}
