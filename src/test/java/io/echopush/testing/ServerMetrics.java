package io.echopush.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the server's own counts from {@code GET /metrics}, as an operator would. */
public final class ServerMetrics {

    private static final HttpClient HTTP = Http.CLIENT;
    private static final Pattern TOPIC_SUBSCRIBERS =
            Pattern.compile("^echopush_topic_subscribers\\{topic=\"[^\"]*\"\\} (\\S+)$", Pattern.MULTILINE);

    private ServerMetrics() {
    }

    public static long sessionsOpen(AppUrls urls, String endpoint) {
        return (long) value(urls, "echopush_sessions_open", "endpoint", endpoint);
    }

    /** The value of the sample {@code metric{label="labelValue"}} in the scrape; fails if there is none. */
    public static double value(AppUrls urls, String metric, String label, String labelValue) {
        return value(fetch(urls), metric, label, labelValue);
    }

    public static double value(String scrape, String metric, String label, String labelValue) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric + "{" + label + "=\"" + labelValue + "\"}")
                + " (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        if (!matcher.find()) {
            throw new AssertionError("no " + metric + " for " + label + "=" + labelValue + " in /metrics");
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** Subscribers of {@code topic} now; a topic without subscribers is gone, and so is its sample: then 0. */
    public static long topicSubscribers(AppUrls urls, String topic) {
        String scrape = fetch(urls);
        return scrape.contains("echopush_topic_subscribers{topic=\"" + topic + "\"}")
                ? (long) value(scrape, "echopush_topic_subscribers", "topic", topic) : 0;
    }

    /** Waits until {@code topic} has {@code expected} subscribers, polling as {@link #awaitSessionsOpen} does. */
    public static void awaitTopicSubscribers(AppUrls urls, String topic, long expected) {
        awaitCount(() -> topicSubscribers(urls, topic), expected, TestClient.TIMEOUT, "subscribers of topic " + topic);
    }

    /** Waits until the sample {@code metric{label="labelValue"}} is {@code expected}, polling as {@link #awaitSessionsOpen} does. */
    public static void awaitValue(AppUrls urls, String metric, String label, String labelValue, long expected) {
        awaitCount(() -> (long) value(urls, metric, label, labelValue), expected, TestClient.TIMEOUT,
                metric + "{" + label + "=\"" + labelValue + "\"}");
    }

    /** The sum of every sample of {@code metric} (all its labels): 0 while a labelled counter has none yet. */
    public static double sum(String scrape, String metric) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        return sum;
    }

    public static String scrape(AppUrls urls) {
        return fetch(urls);
    }

    /**
     * Waits until the server counts {@code expected} open sessions on {@code endpoint}: the server learns of a
     * vanished peer on its own time, so this polls /metrics until the count is right or the deadline passes.
     */
    public static void awaitSessionsOpen(AppUrls urls, String endpoint, long expected) {
        awaitSessionsOpen(urls, endpoint, expected, TestClient.TIMEOUT);
    }

    /** As {@link #awaitSessionsOpen(AppUrls, String, long)}, waiting up to {@code within}. */
    public static void awaitSessionsOpen(AppUrls urls, String endpoint, long expected, Duration within) {
        awaitCount(() -> sessionsOpen(urls, endpoint), expected, within, "open sessions on /" + endpoint);
    }

    /** Subscribers of all topics together; a topic without subscribers is gone, so 0 means no member anywhere. */
    public static long topicSubscribers(AppUrls urls) {
        Matcher matcher = TOPIC_SUBSCRIBERS.matcher(fetch(urls));
        long total = 0;
        while (matcher.find()) {
            total += (long) Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    /** Waits until all topics together count {@code expected} subscribers, polling as {@link #awaitSessionsOpen} does. */
    public static void awaitTopicSubscribers(AppUrls urls, long expected, Duration within) {
        awaitCount(() -> topicSubscribers(urls), expected, within, "subscribers of all topics");
    }

    /** Polls {@code count} until it is {@code expected} or {@code within} has passed; then asserts it. */
    private static void awaitCount(LongSupplier count, long expected, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        long seen = count.getAsLong();
        while (seen != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            seen = count.getAsLong();
        }
        assertEquals(expected, seen, what + " after " + within);
    }

    public static String fetch(AppUrls urls) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(urls.http("metrics")).timeout(TestClient.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "GET /metrics");
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
