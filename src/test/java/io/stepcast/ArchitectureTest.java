package io.stepcast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture as rules: the runtime (exactly what a cluster's job jar holds) depends on nothing
 * from training or the tools, training depends on the runtime only, and the tools sit on top. Each
 * layer's packages are free of cycles, and the heavy dependencies stay in the layer that needs them.
 */
@AnalyzeClasses(packages = "io.stepcast", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("runtime")
            .definedBy("io.stepcast.runtime..")
            .layer("training")
            .definedBy("io.stepcast.training..")
            .layer("tools")
            .definedBy("io.stepcast.tools..")
            .whereLayer("tools")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("training")
            .mayOnlyBeAccessedByLayers("tools")
            .whereLayer("runtime")
            .mayOnlyBeAccessedByLayers("training", "tools");

    /** Serving runs the project's own kernel on its own weights format: the job jar carries no DL4J. */
    @ArchTest
    static final ArchRule runtimeNeverUsesDl4j = noClasses()
            .that()
            .resideInAPackage("io.stepcast.runtime..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..");

    /** The runtime talks to Kafka through kafka-clients and the connector, never through the broker. */
    @ArchTest
    static final ArchRule onlyTheEmbeddedBrokerUsesKafkaServerClasses = noClasses()
            .that()
            .resideOutsideOfPackage("io.stepcast.tools.embedded..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("kafka..", "org.apache.kafka.common.test..", "org.apache.kafka.server..");

    /** The command line is a tool's concern. */
    @ArchTest
    static final ArchRule onlyToolsUsePicocli = noClasses()
            .that()
            .resideOutsideOfPackage("io.stepcast.tools..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("picocli..");

    /**
     * The job reports through Flink's metric groups (a cluster's reporter exports them); the Prometheus
     * client serves the trainer's own metrics and is not in the job jar.
     */
    @ArchTest
    static final ArchRule runtimeNeverUsesThePrometheusClient = noClasses()
            .that()
            .resideInAPackage("io.stepcast.runtime..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.prometheus..");

    @ArchTest
    static final ArchRule runtimePackagesAreFreeOfCycles =
            slices().matching("io.stepcast.runtime.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule trainingPackagesAreFreeOfCycles =
            slices().matching("io.stepcast.training.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule toolPackagesAreFreeOfCycles =
            slices().matching("io.stepcast.tools.(*)..").should().beFreeOfCycles();
}
