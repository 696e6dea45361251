package io.stepcast.tools.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * TLS material for a test broker, made at test time with the JDK's {@code keytool}: a certificate
 * authority, a broker key with a certificate it signed for {@code localhost} (clients, the broker
 * included, check the host name), and a truststore holding only the authority. Nothing is kept:
 * the files live in the caller's temporary folder, under a fresh random password.
 */
public final class TestCertificates {
    private static final String VALIDITY_DAYS = "2";

    private TestCertificates() {}

    public static BrokerKeys generate(Path dir) {
        String password = UUID.randomUUID().toString();
        Path ca = dir.resolve("ca.p12");
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path request = dir.resolve("broker.csr");
        Path caCert = dir.resolve("ca.pem");
        Path brokerCert = dir.resolve("broker.pem");
        keyPair(ca, password, "ca", "CN=stepcast test CA", "-ext", "bc:c");
        keyPair(keystore, password, "broker", "CN=localhost");
        keytool(keystore, password, "-certreq", "-alias", "broker", "-file", request.toString());
        keytool(
                ca,
                password,
                "-gencert",
                "-alias",
                "ca",
                "-infile",
                request.toString(),
                "-outfile",
                brokerCert.toString(),
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                VALIDITY_DAYS,
                "-rfc");
        keytool(ca, password, "-exportcert", "-alias", "ca", "-file", caCert.toString(), "-rfc");
        // the signed certificate replaces the self-signed one once its issuer is known to the keystore
        keytool(keystore, password, "-importcert", "-alias", "ca", "-file", caCert.toString(), "-noprompt");
        keytool(keystore, password, "-importcert", "-alias", "broker", "-file", brokerCert.toString());
        keytool(truststore, password, "-importcert", "-alias", "ca", "-file", caCert.toString(), "-noprompt");
        return new BrokerKeys(keystore, truststore, password);
    }

    private static void keyPair(Path store, String password, String alias, String name, String... extensions) {
        List<String> args = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-dname",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                VALIDITY_DAYS));
        args.addAll(List.of(extensions));
        keytool(store, password, args.toArray(String[]::new));
    }

    private static void keytool(Path store, String password, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
