package io.stepcast;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus endpoint, read as a scraper reads it: the text format's sample lines
 * ({@code name{label="value",...} number}), comments skipped.
 */
public record PrometheusScrape(List<Sample> samples) {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {}

    /** GETs {@code url}; throws when it does not answer 200. */
    public static PrometheusScrape of(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                Map<String, String> labels = new LinkedHashMap<>();
                Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
        }
        return new PrometheusScrape(samples);
    }

    /** The samples named {@code name} whose labels {@code labels} accepts. */
    public List<Sample> named(String name, Predicate<Map<String, String>> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && labels.test(s.labels()))
                .toList();
    }

    /** The value of the one sample named {@code name} with label {@code label} = {@code value}. */
    public double value(String name, String label, String value) {
        List<Sample> found = named(name, labels -> value.equals(labels.get(label)));
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " samples " + name + "{" + label + "=\"" + value + "\"}");
        }
        return found.get(0).value();
    }

    /** The value of the one unlabelled sample named {@code name}. */
    public double value(String name) {
        List<Sample> found = named(name, Map::isEmpty);
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " samples " + name);
        }
        return found.get(0).value();
    }
}
