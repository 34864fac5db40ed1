package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The push path's slow-consumer policy, seen from the wire: a subscriber that reads too slowly loses its oldest
 * messages and is told how many; one that stops reading is closed after the send timeout; nobody else notices.
 */
@ExtendWith(ArquillianExtension.class)
class SlowSubscriberIT {

    private static final int QUEUE_LIMIT = Integer.parseInt(Setting.OUTBOUND_MAX_MESSAGES.defaultValue());
    /** ~2 MiB/s at 1 kHz: enough to fill a stalled client's socket within seconds, light for the fast ones. */
    private static final String PADDING = "p".repeat(2048);
    private static final String BIG_PADDING = "p".repeat(4096);
    /** A receive window this small makes a client that stops reading stall the server after little data. */
    private static final int SMALL_WINDOW = 16 * 1024;
    private static final int FAST_SUBSCRIBERS = 2;
    /** More stalled clients than the server has cores: closing them must not hold up anyone's delivery. */
    private static final int STALLED_SUBSCRIBERS = 3;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    @Test
    void aSubscriberThatStopsReadingIsClosedWhileFastOnesKeepReceiving() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "slow-" + UUID.randomUUID();
        List<PushClient> fast = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(FAST_SUBSCRIBERS);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        List<RawWebSocket> stalled = new ArrayList<>();
        try (PushClient publisher = PushClient.connect(urls)) {
            for (int i = 0; i < STALLED_SUBSCRIBERS; i++) {
                stalled.add(subscribedRawClient(urls, topic));
            }
            for (int i = 0; i < FAST_SUBSCRIBERS; i++) {
                fast.add(PushClient.connect(urls));
                fast.get(i).subscribe(topic);
            }
            List<CompletableFuture<Received>> received = new ArrayList<>();
            for (PushClient subscriber : fast) {
                received.add(CompletableFuture.supplyAsync(() -> Received.until("end", subscriber), readers));
            }

            // ~1,000 messages of 2 KiB a second until the server has given up on the clients that read nothing.
            long[] published = {0};
            pace.scheduleAtFixedRate(() -> publisher.publish(topic,
                    PushClient.read("{\"t\":" + System.nanoTime() + ",\"pad\":\"" + PADDING + "\",\"n\":"
                            + ++published[0] + "}")), 0, 1, TimeUnit.MILLISECONDS);
            ServerMetrics.awaitSessionsOpen(urls, "push", FAST_SUBSCRIBERS + 1);
            pace.shutdown();
            assertTrue(pace.awaitTermination(5, TimeUnit.SECONDS));
            publisher.publish(topic, PushClient.read("\"end\""));

            for (CompletableFuture<Received> future : received) {
                Received got = future.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                // They keep receiving, in order, with bounded latency. On a starved machine (2 cores shared with
                // the server) a fast subscriber may itself fall 256 messages behind and lose some by the same
                // policy — announced, never silently; a stalled client holding others up would cost seconds.
                assertTrue(got.messages() + got.dropped() >= published[0],
                        "every message arrived or was announced as dropped: " + got + " of " + published[0]);
                assertTrue(got.messages() >= published[0] / 2, "a fast subscriber got too few: " + got);
                assertTrue(got.p99Millis() < 2_000, "fast subscribers' p99 latency: " + got.p99Millis() + " ms");
            }
            // The stalled clients' queues stayed within their bound while messages were dropped for them.
            String scrape = ServerMetrics.scrape(urls);
            assertTrue(ServerMetrics.value(scrape, "echopush_messages_dropped_total", "endpoint", "push") > 0);
            assertTrue(ServerMetrics.value(scrape, "echopush_outbound_queue_depth_max", "endpoint", "push")
                    <= QUEUE_LIMIT);
            // Each reads what was in flight and then finds the connection ended (the close frame may not have fit).
            for (RawWebSocket client : stalled) {
                int code = client.awaitCloseCode();
                assertTrue(code == 1008 || code == 1006, "close code " + code);
            }
        } finally {
            for (RawWebSocket client : stalled) {
                client.close();
            }
            pace.shutdownNow();
            readers.shutdownNow();
            fast.forEach(PushClient::close);
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsToldHowManyMessagesItLost() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "behind-" + UUID.randomUUID();
        int messages = 4_000;
        try (PushClient publisher = PushClient.connect(urls);
                RawWebSocket behind = subscribedRawClient(urls, topic)) {
            // It reads nothing while 16 MiB are published: far more than its queue and the socket buffers hold.
            for (int n = 1; n <= messages; n++) {
                publisher.publish(topic, PushClient.read("{\"pad\":\"" + BIG_PADDING + "\",\"n\":" + n + "}"));
            }
            publisher.publish(topic, PushClient.read("\"end\""));
            publisher.raw().flush();

            // Then it reads: every gap in seq is announced, just before it, by a dropped notice of its size.
            long expectedSeq = 1;
            long droppedTotal = 0;
            long received = 0;
            while (true) {
                JsonNode message = PushClient.read(behind.readMessage().text());
                String type = message.get("type").asText();
                if (type.equals("dropped")) {
                    long count = message.get("count").asLong();
                    assertTrue(count > 0);
                    expectedSeq += count;
                    droppedTotal += count;
                    continue;
                }
                if (!type.equals("message")) {
                    continue; // presence
                }
                assertEquals(expectedSeq, message.get("seq").asLong(), "a gap no dropped notice announced");
                expectedSeq++;
                if (message.get("data").isTextual()) {
                    break;
                }
                assertEquals(message.get("seq").asLong(), message.get("data").get("n").asLong());
                received++;
            }
            assertTrue(droppedTotal > 0, "nothing was dropped: the test did not fill the queue");
            assertEquals(messages, received + droppedTotal, "every message either arrived or was counted as dropped");
        }
    }

    /** A raw client with a small receive window, subscribed to {@code topic}: it reads only when the test does. */
    private static RawWebSocket subscribedRawClient(AppUrls urls, String topic) throws IOException {
        RawWebSocket raw = RawWebSocket.open(urls.ws("push"), Map.of("Sec-WebSocket-Protocol", PushClient.PROTOCOL),
                SMALL_WINDOW);
        assertEquals(101, raw.handshake().status());
        raw.sendText(PushClient.request("subscribe", topic).toString());
        assertEquals("subscribed", PushClient.read(raw.readMessage().text()).get("type").asText());
        // Its presence message comes on the server's schedule: taken now, so that later ones come only if someone
        // else joins, and every message dropped for it is one of the topic's.
        JsonNode presence = PushClient.read(raw.readMessage().text());
        assertEquals("presence", presence.get("type").asText());
        return raw;
    }

    /** What a fast subscriber got, read as it arrived: message count, dropped notices, latency since publishing. */
    private record Received(long messages, long dropped, long p99Millis) {

        static Received until(String endMarker, PushClient client) {
            List<Long> latencies = new ArrayList<>();
            long dropped = 0;
            long unaccounted = 0;
            long lastSeq = 0;
            while (true) {
                JsonNode message = client.next();
                long now = System.nanoTime();
                if (message.get("type").asText().equals("dropped")) {
                    dropped += message.get("count").asLong();
                    unaccounted += message.get("count").asLong();
                    continue;
                }
                if (message.get("data").isTextual() && message.get("data").asText().equals(endMarker)) {
                    break;
                }
                // A gap in seq must have been announced (the count may also cover other messages, e.g. presence).
                long gap = message.get("seq").asLong() - lastSeq - 1;
                if (gap < 0 || gap > unaccounted) {
                    throw new AssertionError("seq " + message.get("seq") + " after " + lastSeq + " with "
                            + unaccounted + " announced as dropped");
                }
                lastSeq = message.get("seq").asLong();
                unaccounted = 0;
                latencies.add(now - message.get("data").get("t").asLong());
            }
            Collections.sort(latencies);
            long p99 = latencies.isEmpty() ? 0 : latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            return new Received(latencies.size(), dropped, TimeUnit.NANOSECONDS.toMillis(p99));
        }
    }
}
