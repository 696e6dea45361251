package io.stepcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.model.VectorKernelJvmOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

/**
 * config/flink/config.yaml, read by Flink's own loader, repeats two lists whose one source is the
 * build: the JVM options of the vector kernel, and the JDK internals Flink needs opened on Java 17.
 * A change to either in the pom must reach the cluster configuration too.
 */
class FlinkClusterConfigTest {
    private static final Configuration CLUSTER = GlobalConfiguration.loadConfiguration("config/flink");

    @Test
    void taskManagersGetTheVectorKernelsOptions() {
        assertThat(options(CLUSTER.get(CoreOptions.FLINK_TM_JVM_OPTIONS)))
                .containsExactlyElementsOf(VectorKernelJvmOptions.list());
    }

    @Test
    void everyProcessGetsTheJdkInternalsFlinkNeedsOnJava17() throws Exception {
        List<String> fromPom = Stream.concat(
                        pomList("jvm.add.opens").stream().map(p -> "--add-opens=" + p + "=ALL-UNNAMED"),
                        pomList("jvm.add.exports").stream().map(p -> "--add-exports=" + p + "=ALL-UNNAMED"))
                .toList();
        assertThat(options(CLUSTER.get(CoreOptions.FLINK_JVM_OPTIONS))).containsExactlyElementsOf(fromPom);
    }

    private static List<String> options(String value) {
        return Arrays.asList(value.trim().split("\\s+"));
    }

    private static List<String> pomList(String property) throws Exception {
        String value = XPathFactory.newInstance()
                .newXPath()
                .evaluate(
                        "/project/properties/" + property,
                        DocumentBuilderFactory.newInstance()
                                .newDocumentBuilder()
                                .parse(Path.of("pom.xml").toFile()));
        return options(value);
    }
}
