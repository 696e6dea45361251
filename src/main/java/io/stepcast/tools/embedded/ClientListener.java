package io.stepcast.tools.embedded;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;

/**
 * How clients reach an {@link EmbeddedKafka}: plaintext, TLS, or SASL/PLAIN over TLS. The broker's
 * controller listener stays plaintext whatever this says; only the broker itself talks to it.
 *
 * <p>SASL uses PLAIN because the whole user list fits in the listener's own JAAS setting: SCRAM would
 * need its credentials written into the cluster metadata when the storage is formatted, and a JAAS
 * file would be a JVM-wide system property leaking into every other test of the JVM.
 */
public final class ClientListener {
    public static final ClientListener PLAINTEXT = new ClientListener(SecurityProtocol.PLAINTEXT, Map.of(), Map.of());

    private static final String PLAIN = "PLAIN";
    /** The broker setting naming each listener's protocol (its constant is in a runtime-only jar). */
    private static final String LISTENER_PROTOCOLS = "listener.security.protocol.map";
    /** The user the broker logs in as when it is a client of its own listener. */
    private static final String BROKER_USER = "broker";

    private final SecurityProtocol protocol;
    private final Map<String, String> settings;
    /** Settings of the client listener's PLAIN mechanism, without their listener prefix. */
    private final Map<String, String> plainSettings;

    private ClientListener(SecurityProtocol protocol, Map<String, String> settings, Map<String, String> plainSettings) {
        this.protocol = protocol;
        this.settings = settings;
        this.plainSettings = plainSettings;
    }

    /** TLS only: any client that trusts the keys' certificate gets in. */
    public static ClientListener tls(BrokerKeys keys) {
        return new ClientListener(SecurityProtocol.SSL, keys.brokerSettings(), Map.of());
    }

    /** TLS, and a client must also log in with SASL/PLAIN as one of {@code users} (name to password). */
    public static ClientListener saslPlainOverTls(BrokerKeys keys, Map<String, String> users) {
        Map<String, String> logins = new LinkedHashMap<>(users);
        String brokerPassword = UUID.randomUUID().toString();
        logins.put(BROKER_USER, brokerPassword);
        StringBuilder jaas = new StringBuilder(PlainLoginModule.class.getName())
                .append(" required username=\"")
                .append(BROKER_USER)
                .append("\" password=\"")
                .append(brokerPassword)
                .append('"');
        logins.forEach((user, password) -> jaas.append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append('"'));
        jaas.append(';');
        Map<String, String> settings = new HashMap<>(keys.brokerSettings());
        settings.put(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG, PLAIN);
        settings.put(BrokerSecurityConfigs.SASL_MECHANISM_INTER_BROKER_PROTOCOL_CONFIG, PLAIN);
        return new ClientListener(
                SecurityProtocol.SASL_SSL, settings, Map.of(SaslConfigs.SASL_JAAS_CONFIG, jaas.toString()));
    }

    /** The broker settings that make {@code clients} this listener, next to a plaintext {@code controller}. */
    Map<String, String> brokerSettings(ListenerName clients, ListenerName controller) {
        Map<String, String> all = new HashMap<>(settings);
        plainSettings.forEach((key, value) -> all.put(clients.saslMechanismConfigPrefix(PLAIN) + key, value));
        all.put(
                LISTENER_PROTOCOLS,
                clients.value() + ":" + protocol.name + "," + controller.value() + ":"
                        + SecurityProtocol.PLAINTEXT.name);
        return all;
    }
}
