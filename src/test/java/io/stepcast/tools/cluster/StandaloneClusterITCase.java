package io.stepcast.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JobManager and two TaskManagers as OS processes: jars submitted through Flink's client run, are
 * listed, stop with a savepoint and cancel, and a TaskManager killed by its PID is replaced.
 */
@Tag("cluster")
class StandaloneClusterITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final StandaloneClusterExtension FLINK = new StandaloneClusterExtension(
            2,
            Map.of(
                    "jobmanager.memory.process.size", "1024m",
                    "taskmanager.memory.process.size", "1536m",
                    "taskmanager.numberOfTaskSlots", "1",
                    // a killed TaskManager leaves the REST listing within seconds, not the default 50 s
                    "heartbeat.interval", "1000",
                    "heartbeat.timeout", "5000"));

    @Test
    void runsASubmittedJarAndReplacesAKilledTaskManager() throws Exception {
        StandaloneCluster cluster = FLINK.cluster();
        assertThat(cluster.rest().registeredTaskManagers()).contains(2);

        String jobId = cluster.cli().run(jar(), List.of("1000"));
        cluster.rest().awaitJobState(jobId, "FINISHED", TIMEOUT);

        Process victim = cluster.taskManagers().get(0);
        long pid = victim.pid();
        cluster.killTaskManager(victim);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        cluster.rest().awaitTaskManagers(1, TIMEOUT);

        cluster.startTaskManager();
        cluster.rest().awaitTaskManagers(2, TIMEOUT);
        assertThat(cluster.taskManagers()).hasSize(2).doesNotContain(victim);
    }

    @Test
    void listsARunningJobAndStopsItWithASavepoint() throws Exception {
        StandaloneCluster cluster = FLINK.cluster();
        String jobId = cluster.cli().run(jar(), List.of(String.valueOf(Long.MAX_VALUE), "10"));
        cluster.rest().awaitTasksRunning(jobId, TIMEOUT);
        assertThat(cluster.cli().list()).contains(jobId + " : sequence-to-discard (RUNNING)");

        String savepoint = cluster.cli().stop(jobId, cluster.workDir().resolve("savepoints"));
        assertThat(Path.of(URI.create(savepoint))).isDirectory();
        cluster.rest().awaitJobState(jobId, "FINISHED", TIMEOUT);
    }

    @Test
    void cancelsARunningJob() throws Exception {
        StandaloneCluster cluster = FLINK.cluster();
        String jobId = cluster.cli().run(jar(), List.of(String.valueOf(Long.MAX_VALUE), "10"));
        cluster.rest().awaitTasksRunning(jobId, TIMEOUT);

        cluster.cli().cancel(jobId);
        cluster.rest().awaitJobState(jobId, "CANCELED", TIMEOUT);
    }

    private static Path jar() throws Exception {
        Path jar = FLINK.cluster().workDir().resolve("sequence-job.jar");
        return Files.exists(jar) ? jar : TestJobJar.write(SequenceJob.class, jar);
    }
}
