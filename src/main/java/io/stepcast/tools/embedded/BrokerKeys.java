package io.stepcast.tools.embedded;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A broker's TLS material: a PKCS12 keystore with its key and certificate, and a PKCS12 truststore
 * with the certificate (or the authority that signed it), both under one password. The broker needs
 * the truststore too: it is a client of its own listener (transaction markers go there).
 */
public record BrokerKeys(Path keystore, Path truststore, String password) {

    /** The broker settings that serve TLS with these keys. */
    Map<String, String> brokerSettings() {
        return Map.of(
                SslConfigs.SSL_KEYSTORE_TYPE_CONFIG,
                "PKCS12",
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                keystore.toString(),
                SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
                password,
                SslConfigs.SSL_KEY_PASSWORD_CONFIG,
                password,
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
                "PKCS12",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                truststore.toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
                password);
    }
}
