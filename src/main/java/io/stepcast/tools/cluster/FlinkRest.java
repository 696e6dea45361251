package io.stepcast.tools.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** What a cluster's JobManager reports on its REST endpoint, read with the JDK's HTTP client. */
public final class FlinkRest {
    private static final Duration POLL = Duration.ofMillis(250);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    FlinkRest(URI base) {
        this.base = base;
    }

    public URI url() {
        return base;
    }

    /** The TaskManagers registered with the resource manager, or empty while the endpoint does not answer. */
    public Optional<Integer> registeredTaskManagers() {
        return get("taskmanagers").map(body -> body.path("taskmanagers").size());
    }

    /** A job's state (RUNNING, FINISHED, FAILED...), or empty while the endpoint does not answer or knows no such job. */
    public Optional<String> jobState(String jobId) {
        return get("jobs/" + jobId).map(body -> body.path("state").asText()).filter(state -> !state.isEmpty());
    }

    /**
     * Whether the job and every one of its tasks are RUNNING: a job is RUNNING as soon as it is
     * scheduled, but a savepoint needs all its tasks running.
     */
    public boolean allTasksRunning(String jobId) {
        return get("jobs/" + jobId)
                .filter(body -> body.path("state").asText().equals("RUNNING"))
                .map(body -> {
                    JsonNode vertices = body.path("vertices");
                    return vertices.size() > 0
                            && StreamSupport.stream(vertices.spliterator(), false)
                                    .allMatch(vertex ->
                                            vertex.path("status").asText().equals("RUNNING"));
                })
                .orElse(false);
    }

    /** A job's checkpoint counts: completed, failed, and restored (how often the job restarted from one). */
    public record CheckpointCounts(long completed, long failed, long restored) {}

    /** The job's checkpoint counts, or empty while the endpoint does not answer or knows no such job. */
    public Optional<CheckpointCounts> checkpointCounts(String jobId) {
        return get("jobs/" + jobId + "/checkpoints")
                .map(body -> body.path("counts"))
                .filter(counts -> !counts.isMissingNode())
                .map(counts -> new CheckpointCounts(
                        counts.path("completed").asLong(),
                        counts.path("failed").asLong(),
                        counts.path("restored").asLong()));
    }

    /** Waits until the job's checkpoint counts are {@code wanted} ({@code what} names that for the failure). */
    public void awaitCheckpointCounts(String jobId, Predicate<CheckpointCounts> wanted, Duration timeout, String what) {
        await(() -> checkpointCounts(jobId), wanted, timeout, "job " + jobId + " with " + what);
    }

    /** The parallelism of each of the job's vertices (chained operators), by vertex name. */
    public Map<String, Integer> vertexParallelism(String jobId) {
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        get("jobs/" + jobId)
                .ifPresent(body -> body.path("vertices")
                        .forEach(vertex -> parallelism.put(
                                vertex.path("name").asText(),
                                vertex.path("parallelism").asInt())));
        return parallelism;
    }

    /**
     * A job metric of the JobManager's (such as {@code numRestarts}), or empty while the endpoint does not
     * answer or has not fetched it yet. Metrics reach the REST endpoint by a periodic fetch
     * ({@code metrics.fetcher.update-interval}), so a value may be that many seconds old.
     */
    public Optional<String> jobMetric(String jobId, String name) {
        return get("jobs/" + jobId + "/metrics?get=" + encode(name))
                .flatMap(body -> StreamSupport.stream(body.spliterator(), false)
                        .filter(metric -> metric.path("id").asText().equals(name))
                        .findFirst())
                .map(metric -> metric.path("value").asText());
    }

    /**
     * Every metric of the job's tasks whose id {@code ids} accepts, summed over each vertex's subtasks, by
     * id. An operator's metric id starts with its operator's name ({@code
     * predictor.stepcast.reason.out_of_order.deadLetters}); the values are as old as the last fetch (see
     * {@link #jobMetric}), and a vertex whose metrics have not been fetched yet contributes none.
     */
    public Map<String, Double> subtaskMetricSums(String jobId, Predicate<String> ids) {
        Map<String, Double> sums = new TreeMap<>();
        List<String> vertices = get("jobs/" + jobId)
                .map(body -> StreamSupport.stream(body.path("vertices").spliterator(), false)
                        .map(vertex -> vertex.path("id").asText())
                        .toList())
                .orElse(List.of());
        for (String vertex : vertices) {
            String metrics = "jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
            List<String> wanted = get(metrics)
                    .map(body -> StreamSupport.stream(body.spliterator(), false)
                            .map(metric -> metric.path("id").asText())
                            .filter(ids)
                            .toList())
                    .orElse(List.of());
            if (!wanted.isEmpty()) {
                String get = wanted.stream().map(FlinkRest::encode).collect(Collectors.joining(","));
                get(metrics + "?agg=sum&get=" + get)
                        .ifPresent(body -> body.forEach(metric -> sums.merge(
                                metric.path("id").asText(), metric.path("sum").asDouble(), Double::sum)));
            }
        }
        return sums;
    }

    /** A query parameter's value: metric ids hold characters a URL may not ({@code parse_+_validate}). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Waits until exactly {@code count} TaskManagers are registered; they register and leave by heartbeats. */
    public void awaitTaskManagers(int count, Duration timeout) {
        await(this::registeredTaskManagers, n -> n == count, timeout, count + " registered TaskManagers");
    }

    /** Waits until the job is in {@code state}. */
    public void awaitJobState(String jobId, String state, Duration timeout) {
        await(() -> jobState(jobId), state::equals, timeout, "job " + jobId + " " + state);
    }

    /** Waits until the job and all its tasks run. */
    public void awaitTasksRunning(String jobId, Duration timeout) {
        await(
                () -> Optional.of(allTasksRunning(jobId)),
                running -> running,
                timeout,
                "job " + jobId + " with all tasks RUNNING");
    }

    private <T> void await(Supplier<Optional<T>> read, Predicate<T> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<T> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (last.filter(wanted).isPresent()) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("no " + what + " at " + base + " within " + timeout + "; last seen: "
                + last.map(String::valueOf).orElse("no answer"));
    }

    private Optional<JsonNode> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(json.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not up yet, or gone: the caller polls
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + request.uri(), e);
        }
    }
}
