package io.stepcast.tools.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * TLS material for a test broker, made at test time with the JDK's {@code keytool}: a self-signed
 * certificate for {@code localhost} (clients, the broker included, check the host name) with its
 * key, and a truststore holding only that certificate. Nothing is kept: the files live in the
 * caller's temporary folder, under a fresh random password.
 */
public final class TestCertificates {
    /**
     * keytool is a JVM of its own per call: an EC key and a quick-starting JIT keep the three calls to
     * about a second each on a busy machine, where an RSA key alone takes several.
     */
    private static final List<String> QUICK_START = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

    private TestCertificates() {}

    public static BrokerKeys generate(Path dir) {
        String password = UUID.randomUUID().toString();
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path certificate = dir.resolve("broker.pem");
        keytool(
                keystore,
                password,
                "-genkeypair",
                "-alias",
                "broker",
                "-dname",
                "CN=localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1");
        keytool(keystore, password, "-exportcert", "-alias", "broker", "-file", certificate.toString(), "-rfc");
        keytool(truststore, password, "-importcert", "-alias", "broker", "-file", certificate.toString(), "-noprompt");
        return new BrokerKeys(keystore, truststore, password);
    }

    private static void keytool(Path store, String password, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(QUICK_START);
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
