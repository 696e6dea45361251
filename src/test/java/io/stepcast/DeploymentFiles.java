package io.stepcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What DeploymentFilesTest reads: the pom's versions, YAML files as Docker Compose and kubectl read them,
 * the metric names the stack exports, and the values of command-line flags.
 */
public final class DeploymentFiles {
    /** The one list of metric names Prometheus scrapes from the stack; see the file's comments. */
    static final String EXPORTED_METRICS = "/deploy/exported-metrics.txt";

    /** A metric name in a PromQL expression: Flink's and the trainer's all start with these. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:flink|stepcast)_[A-Za-z0-9_:]+");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentFiles() {}

    static String pomProperty(String name) {
        return pom("/project/properties/" + name);
    }

    static String projectVersion() {
        return pom("/project/version");
    }

    /** "2.2.0" becomes the operator's "v2_2". */
    static String operatorFlinkVersion() {
        String[] parts = pomProperty("flink.version").split("\\.");
        return "v" + parts[0] + "_" + parts[1];
    }

    /**
     * Every document of a YAML file. SnakeYAML rather than Jackson's parser because Compose files use
     * anchors and merge keys ({@code <<: *name}), which SnakeYAML resolves as Docker Compose does.
     */
    static List<JsonNode> yamlDocuments(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            List<JsonNode> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                documents.add(JSON.valueToTree(document));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        return yamlDocuments(file).get(0);
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names the dashboards may query, from {@link #EXPORTED_METRICS}. */
    public static Set<String> exportedMetrics() {
        try (var in = DeploymentFiles.class.getResourceAsStream(EXPORTED_METRICS)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names a PromQL expression refers to. */
    static Set<String> metricsIn(String expression) {
        Matcher m = METRIC.matcher(expression);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The value after {@code flag} in an argument list, if the flag is there. */
    static Optional<String> flag(List<String> args, String flag) {
        int at = args.indexOf(flag);
        return at < 0 || at + 1 >= args.size() ? Optional.empty() : Optional.of(args.get(at + 1));
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Every field value of a YAML mapping, or the elements of a sequence, as nodes. */
    static Stream<JsonNode> elements(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        node.elements().forEachRemaining(values::add);
        return values.stream();
    }

    private static String pom(String xpath) {
        try {
            return XPathFactory.newInstance()
                    .newXPath()
                    .evaluate(
                            xpath,
                            DocumentBuilderFactory.newInstance()
                                    .newDocumentBuilder()
                                    .parse(Path.of("pom.xml").toFile()))
                    .strip();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + xpath + " from pom.xml", e);
        }
    }
}
