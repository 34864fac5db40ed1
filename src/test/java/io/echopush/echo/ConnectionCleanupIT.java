package io.echopush.echo;

import static io.echopush.testing.RawConformance.withBystander;
import static io.echopush.testing.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.RawConformance.RawScript;
import io.echopush.testing.RawWebSocket;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections that end without a close handshake (RFC 6455 §7.1.1, §7.1.7: the server is then "closed
 * abnormally", 1006 locally) must still leave the session registry, as {@code /metrics} shows.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionCleanupIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Pattern ECHO_SESSIONS =
            Pattern.compile("^echopush_sessions_open\\{endpoint=\"echo\"} (\\d+)$", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    @Test
    void resetInTheMiddleOfAFrameLeavesNoSession() throws Exception {
        byte[] frame = RawWebSocket.frame(true, 0, TEXT, EchoContract.randomBytes(1000, 13), true);
        assertSessionEndsAfter(raw -> {
            raw.sendBytes(Arrays.copyOf(frame, frame.length / 2));
            raw.reset();
        });
    }

    @Test
    void tcpCloseWithoutCloseFrameLeavesNoSession() throws Exception {
        assertSessionEndsAfter(RawWebSocket::close);
    }

    /**
     * Runs {@code ending} on a raw connection beside a bystander; the session count must be back to what it
     * was without the raw connection. Waits for each count: the server learns of a dropped socket when it
     * next reads, not at once.
     */
    private void assertSessionEndsAfter(RawScript ending) throws Exception {
        long before = sessionsOpen();
        withBystander(AppUrls.of(base).ws("echo"), raw -> {
            awaitSessions(before + 2, DEADLINE); // the raw session counts, or the test below proves nothing
            ending.run(raw);
            awaitSessions(before + 1, DEADLINE);
        });
        // also leaves the count as found for the next test once the bystander is gone
        awaitSessions(before, DEADLINE);
    }

    /** Polls {@code /metrics} until the echo session count is {@code expected} or the deadline passes. */
    private void awaitSessions(long expected, Duration deadline) throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long actual = sessionsOpen();
        while (actual != expected && System.nanoTime() < end) {
            Thread.sleep(50);
            actual = sessionsOpen();
        }
        assertEquals(expected, actual, "echo sessions open after waiting up to " + deadline);
    }

    private long sessionsOpen() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(AppUrls.of(base).http("metrics")).timeout(DEADLINE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET /metrics");
        Matcher line = ECHO_SESSIONS.matcher(response.body());
        if (!line.find()) {
            throw new AssertionError("no echo session count in /metrics:\n" + response.body());
        }
        return Long.parseLong(line.group(1));
    }
}
