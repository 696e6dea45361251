package io.stepcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;

/** config/log4j2.xml, the INFO configuration README tells operators to pass, must load as log4j reads it. */
class OperatorLoggingConfigTest {
    @Test
    void theOperatorConfigurationLoadsWithItsConsoleAppender() {
        URI file = Path.of("config/log4j2.xml").toUri();
        Configuration config = ConfigurationFactory.getInstance()
                .getConfiguration(new LoggerContext("operator-config-test"), ConfigurationSource.fromUri(file));
        config.initialize();

        assertThat(config.getAppenders()).containsKey("stdout");
        assertThat(config.getRootLogger().getLevel().name()).isEqualTo("INFO");
    }
}
