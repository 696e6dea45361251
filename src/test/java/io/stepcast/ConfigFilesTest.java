package io.stepcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under config/ parses as what it is: XML and .properties files as log4j 2 configurations
 * (the only kind config/ holds of either), YAML as YAML (every document of it), JSON as JSON, shell
 * scripts as bash scripts, a Dockerfile as one. A file of any other kind fails the test, so that a new
 * one cannot go unchecked: teach this test to read it. FlinkClusterConfigTest, OperatorLoggingConfigTest,
 * DeploymentFilesTest and KubernetesManifestsTest check what the files say.
 */
class ConfigFilesTest {
    @TempDir
    static Path logs;

    static List<Path> configFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("config"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configFiles")
    void parses(Path file) throws Exception {
        String name = file.getFileName().toString();
        if (name.endsWith(".xml")) {
            // log4j reports a malformed file to its status logger and carries on without it
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            assertLoadsAsLog4jConfiguration(file);
        } else if (name.endsWith(".properties")) {
            assertLoadsAsLog4jConfiguration(file);
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            try (MappingIterator<JsonNode> documents =
                    new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
                List<JsonNode> all = documents.readAll();
                assertThat(all).as("%s's documents", file).isNotEmpty().allMatch(JsonNode::isObject);
            }
        } else if (name.endsWith(".json")) {
            assertThat(new ObjectMapper().readTree(file.toFile()).isObject())
                    .as("%s holds an object", file)
                    .isTrue();
        } else if (name.endsWith(".sh")) {
            assertThat(Files.readAllLines(file).get(0))
                    .as("%s's first line", file)
                    .isEqualTo("#!/usr/bin/env bash");
            Process check = new ProcessBuilder("bash", "-n", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String errors = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as("bash -n %s: %s", file, errors).isZero();
        } else if (name.equals("Dockerfile")) {
            assertThat(Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")))
                    .as("%s's instructions", file)
                    .first()
                    .asString()
                    .startsWith("FROM ");
        } else {
            fail("no check for %s: add one to ConfigFilesTest", file);
        }
    }

    /** Its appenders built and the root logger writing to one; a file appender's log.file goes to a temp folder. */
    private static void assertLoadsAsLog4jConfiguration(Path file) {
        String logFile = System.setProperty("log.file", logs.resolve("test.log").toString());
        try {
            Configuration config = ConfigurationFactory.getInstance()
                    .getConfiguration(
                            new LoggerContext("config-files-test"), ConfigurationSource.fromUri(file.toUri()));
            config.initialize();
            assertThat(config.getAppenders()).as("%s's appenders", file).isNotEmpty();
            assertThat(config.getRootLogger().getAppenders())
                    .as("%s's root logger's appenders", file)
                    .isNotEmpty();
            config.stop();
        } finally {
            if (logFile == null) {
                System.clearProperty("log.file");
            } else {
                System.setProperty("log.file", logFile);
            }
        }
    }
}
