package io.stepcast.runtime.spec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hides the values of Kafka client properties that hold credentials or key material, wherever a
 * job's properties are printed: a job file's {@code kafka.properties} carries passwords and JAAS
 * logins in plain text, and records print their maps in full.
 */
public final class SecretValues {
    public static final String HIDDEN = "[hidden]";

    /**
     * Fragments of the property names that hold secrets: passwords, JAAS logins, OAuth client secrets,
     * other credentials, and PEM key and certificate content given inline ({@code ssl.keystore.key},
     * {@code ssl.keystore.certificate.chain}, {@code ssl.truststore.certificates}).
     */
    private static final String[] SECRET_NAME_PARTS = {"password", "secret", "jaas", "credential", "certificate"};

    private SecretValues() {}

    public static boolean isSecret(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (name.endsWith(".key")) {
            return true;
        }
        for (String part : SECRET_NAME_PARTS) {
            if (name.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The properties sorted by name, with {@link #HIDDEN} for the value of each secret one. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> masked = new TreeMap<>();
        properties.forEach((key, value) -> masked.put(key, isSecret(key) ? HIDDEN : value));
        return masked;
    }
}
