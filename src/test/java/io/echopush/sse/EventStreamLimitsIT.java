package io.echopush.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams under the same limits as sockets: the connection caps (503 and Retry-After, the place free again when a
 * stream ends), the send timeout (a reader that stalls is dropped, its readers' neighbours go on), a client that
 * vanishes is forgotten, and a quiet stream gets heartbeat comments and stays. Short periods, so that this takes
 * seconds; one address may hold three connections.
 */
class EventStreamLimitsIT extends InContainerTest {

    private static final int PER_ADDRESS = 3;
    private static final long HEARTBEAT_MS = 300;
    private static final long DEAD_PEER_MS = 1_500;
    private static final long SEND_TIMEOUT_MS = 1_000;
    /** A receive window this small makes a client that stops reading stall the server after little data. */
    private static final int SMALL_WINDOW = 16 * 1024;
    private static final String PADDING = "p".repeat(8_000);
    /** Enough to fill any container's buffers (Payara's take ~11 MiB) many times over: the test's bound. */
    private static final int AT_MOST = 20_000;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar(Map.of(
                Setting.MAX_CONNECTIONS_PER_ADDRESS.key(), Integer.toString(PER_ADDRESS),
                Setting.HEARTBEAT_INTERVAL_MILLIS.key(), Long.toString(HEARTBEAT_MS),
                Setting.DEAD_PEER_TIMEOUT_MILLIS.key(), Long.toString(DEAD_PEER_MS),
                Setting.SEND_TIMEOUT_MILLIS.key(), Long.toString(SEND_TIMEOUT_MS),
                Setting.INBOUND_MESSAGES_PER_SECOND.key(), "100000"));
    }

    private AppUrls urls;
    private String topic;

    @BeforeEach
    void nothingOpen() {
        urls = AppUrls.of(base);
        topic = "limits-" + UUID.randomUUID();
        // the previous test's clients closed; the server learns of it at the latest at the next heartbeat
        ServerMetrics.awaitSessionsOpen(urls, "events", 0);
        ServerMetrics.awaitSessionsOpen(urls, "push", 0);
    }

    @Test
    void overTheAddressCapAStreamGets503WithRetryAfterAndAPlaceFreedServesAgain() {
        try (SseClient first = subscribed(); SseClient second = subscribed(); SseClient third = subscribed()) {
            try (SseClient over = SseClient.open(urls, "topic=" + topic)) {
                assertEquals(503, over.status());
                assertEquals("10", over.header("Retry-After"));
                String body = over.body();
                assertTrue(PushClient.read(body).get("reason").asText().contains("too many connections"), body);
            }
            first.close();
            ServerMetrics.awaitSessionsOpen(urls, "events", PER_ADDRESS - 1);
            try (SseClient again = subscribed()) {
                assertEquals(200, again.status());
            }
        }
    }

    @Test
    void aQuietStreamGetsHeartbeatCommentsAndOutlivesTheDeadPeerTimeout() {
        try (SseClient quiet = subscribed(); PushClient publisher = PushClient.connect(urls)) {
            long opened = System.nanoTime();
            while (System.nanoTime() - opened < Duration.ofMillis(2 * DEAD_PEER_MS).toNanos()) {
                quiet.awaitComment(); // a stream's client never talks: no comment, no stream
            }
            publisher.publish(topic, PushClient.read("{\"still\":\"here\"}"));
            assertEquals("here", PushClient.read(quiet.next(null).data()).get("data").get("still").asText());
        }
    }

    @Test
    void aClientThatResetsIsForgottenAndLeavesItsTopic() {
        SseClient vanishing = subscribed();
        ServerMetrics.awaitTopicSubscribers(urls, topic, 1);
        vanishing.reset();
        // the next heartbeat comment finds the connection gone
        ServerMetrics.awaitSessionsOpen(urls, "events", 0);
        ServerMetrics.awaitTopicSubscribers(urls, topic, 0);
    }

    @Test
    void aStalledReaderIsDroppedWhileAnotherGetsEveryMessageInOrder() {
        try (SseClient stalled = SseClient.open(urls, "topic=" + topic, Map.of(), SMALL_WINDOW);
                SseClient reader = subscribed(); PushClient publisher = PushClient.connect(urls)) {
            assertEquals("subscribed", stalled.next().name()); // and it reads nothing more
            int n = 0;
            while (ServerMetrics.sessionsOpen(urls, "events") > 1) {
                for (int i = 0; i < 100; i++) {
                    n++;
                    publisher.publish(topic, PushClient.read("{\"n\":" + n + ",\"pad\":\"" + PADDING + "\"}"));
                    SseClient.Event event = reader.next(null);
                    assertEquals(n, PushClient.read(event.data()).get("data").get("n").asInt(), "in order, none lost");
                }
                assertTrue(n < AT_MOST, "the stalled reader was still open after " + n + " messages");
            }
            ServerMetrics.awaitTopicSubscribers(urls, topic, 1);
            publisher.publish(topic, PushClient.read("{\"after\":true}"));
            assertTrue(PushClient.read(reader.next(null).data()).get("data").get("after").asBoolean());
        }
    }

    private SseClient subscribed() {
        SseClient stream = SseClient.open(urls, "topic=" + topic);
        assertEquals(200, stream.status(), () -> stream.body());
        assertEquals("subscribed", stream.next().name());
        return stream;
    }
}
