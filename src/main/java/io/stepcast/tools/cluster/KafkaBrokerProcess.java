package io.stepcast.tools.cluster;

import io.stepcast.tools.embedded.SingleNodeBrokerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka (KRaft: broker and controller in one process, {@code kafka.Kafka}) as an OS
 * process of its own, so that a test can SIGKILL it and start it again on the same port and data, as
 * a crashed broker comes back. Its folder holds {@code server.properties}, {@code data/} (the log
 * directory, formatted once) and {@code log/}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final String BROKER_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";
    private static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Writes the broker's configuration and formats its log directory (a new cluster id), then starts
     * it and waits until it accepts connections on {@code port} (0 for a free one).
     */
    public static KafkaBrokerProcess start(Path dir, int port) {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir.toAbsolutePath(), port == 0 ? FreePorts.pick() : port);
        broker.configure();
        broker.format();
        broker.launch();
        return broker;
    }

    private Path properties() {
        return dir.resolve("server.properties");
    }

    private Path logConfig() {
        return dir.resolve("log4j2.properties");
    }

    private void configure() {
        int controllerPort = FreePorts.pick();
        Map<String, String> settings = new TreeMap<>(SingleNodeBrokerSettings.SETTINGS);
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", dir.resolve("data").toString());
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    properties(),
                    settings.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + properties(), e);
        }
        ProcessLogging.writeDefaultConfig(logConfig());
    }

    private void format() {
        Path log = dir.resolve("log/storage-tool.log");
        broker(STORAGE_TOOL_MAIN, log)
                .arguments(List.of(
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        properties().toString()))
                .run(log.resolveSibling("storage-tool.out"), START_TIMEOUT);
    }

    private void launch() {
        Path log = dir.resolve("log/kafka.log");
        process = broker(BROKER_MAIN, log)
                .arguments(List.of(properties().toString()))
                .start(log.resolveSibling("kafka.out"));
        awaitListening();
    }

    private ChildJvm broker(String mainClass, Path log) {
        return ChildJvm.of(mainClass).jvmOptions(HEAP).jvmOptions(ProcessLogging.jvmOptions(logConfig(), log));
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Kafka broker exited with " + process.exitValue() + "; its log: " + dir.resolve("log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 1000);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException(
                "the Kafka broker is not listening on " + port + " after " + START_TIMEOUT + "; its log: " + dir);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL by PID, as a crash would stop it: no clean shutdown, no flushed segments. Returns once it is dead. */
    public void kill() {
        LiveProcesses.kill(process);
    }

    /** Starts the broker again on the same port, configuration and data, after it died. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the Kafka broker " + pid() + " is still running");
        }
        launch();
    }

    @Override
    public void close() {
        LiveProcesses.stop(List.of(process));
    }
}
