package io.stepcast.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretValuesTest {
    private static final String SECRET = "s3cr3t-value";
    private static final JobSpec SPEC = TestSpecs.parse("""
            name: secrets
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: PLAIN
                ssl.truststore.location: /etc/stepcast/truststore.p12
                ssl.truststore.password: %1$s
                sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="%1$s";'
            """.formatted(SECRET));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ssl.keystore.password",
                "ssl.key.password",
                "ssl.truststore.password",
                "sasl.jaas.config",
                "listener.name.clients.plain.sasl.jaas.config",
                "sasl.oauthbearer.client.credentials.client.secret",
                "ssl.keystore.key",
                "ssl.keystore.certificate.chain",
                "ssl.truststore.certificates",
                "basic.auth.credentials.source.Password"
            })
    void credentialsAndKeyMaterialAreSecret(String key) {
        assertThat(SecretValues.isSecret(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "security.protocol",
                "sasl.mechanism",
                "ssl.truststore.location",
                "ssl.truststore.type",
                "ssl.endpoint.identification.algorithm",
                "request.timeout.ms"
            })
    void whereAndHowToConnectIsNot(String key) {
        assertThat(SecretValues.isSecret(key)).isFalse();
    }

    @Test
    void aPrintedJobShowsItsKafkaPropertiesWithTheSecretsHidden() {
        assertThat(SPEC.toString())
                .doesNotContain(SECRET)
                .contains("security.protocol=SASL_SSL")
                .contains("ssl.truststore.location=/etc/stepcast/truststore.p12")
                .contains("ssl.truststore.password=[hidden]")
                .contains("sasl.jaas.config=[hidden]");
        assertThat(SPEC.kafka().properties()).containsEntry("ssl.truststore.password", SECRET);
    }

    @Test
    void settingValuesPrintTheirSecretsHiddenToo() {
        assertThat(JobSettings.valueText(Map.of("ssl.key.password", SECRET, "acks", "all")))
                .doesNotContain(SECRET)
                .contains("ssl.key.password: [hidden]")
                .contains("acks: all");
    }
}
