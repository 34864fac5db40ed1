package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The push path's slow-consumer policy, seen from the wire: a subscriber that reads too slowly loses its oldest
 * published messages (never the replies to its own requests) and is told how many; one that stops reading is closed
 * after the send timeout; nobody else notices.
 */
class SlowSubscriberIT extends BuiltWarTest {

    private static final int QUEUE_LIMIT = Integer.parseInt(Setting.OUTBOUND_MAX_MESSAGES.defaultValue());
    /** ~2 MiB/s at 1 kHz: enough to fill a stalled client's socket within seconds, light for the fast ones. */
    private static final String PADDING = "p".repeat(2048);
    private static final String BIG_PADDING = "p".repeat(4096);
    /** A receive window this small makes a client that stops reading stall the server after little data. */
    private static final int SMALL_WINDOW = 16 * 1024;
    private static final int FAST_SUBSCRIBERS = 2;
    /** More stalled clients than the server has cores: closing them must not hold up anyone's delivery. */
    private static final int STALLED_SUBSCRIBERS = 3;
    /**
     * How long until the stalled clients are closed: the send timeout runs from the moment a send stays
     * unfinished, and Payara (Grizzly) first queues about 11 MiB per connection, seconds at this test's rate.
     */
    private static final Duration STALLED_CLOSED = Duration.ofSeconds(90);
    /** Messages published, at the same pace, before anything is measured. */
    private static final int WARM_UP = 5_000;
    /** Published at once in the falling-behind test: within the inbound burst, so the publisher is not closed. */
    private static final int BEHIND_AT_ONCE = 4_000;
    private static final int BEHIND_AT_MOST = 20_000;

    /**
     * Three subscribers stop reading while ~1,000 messages a second are published; the server closes them. The
     * two fast subscribers keep receiving in order, every loss announced, and with a p99 latency no worse than 2 s
     * or twice what the same load with three healthy subscribers costs them (the control, measured next on the same
     * server), so that a server near its capacity on a small machine is not taken for one that lets slow clients
     * hurt others. Both run on a warmed-up server: the first seconds of load on a fresh GlassFish or Payara
     * (class loading, JIT) cost a p99 of over 600 ms with healthy subscribers alone.
     */
    @Test
    void subscribersThatStopReadingAreClosedAndCostTheOthersNothing() throws Exception {
        AppUrls urls = AppUrls.of(base);
        Phase.run(urls, "warm-up-" + UUID.randomUUID(), WARM_UP, reachedAtMost ->
                assertTrue(reachedAtMost.await(STALLED_CLOSED.toSeconds(), TimeUnit.SECONDS)));

        List<RawWebSocket> stalled = new ArrayList<>();
        Phase withStalled;
        try {
            String topic = "slow-" + UUID.randomUUID();
            for (int i = 0; i < STALLED_SUBSCRIBERS; i++) {
                stalled.add(subscribedRawClient(urls, topic));
            }
            // Until the server has given up on the clients that read nothing.
            withStalled = Phase.run(urls, topic, Long.MAX_VALUE, reachedAtMost -> ServerMetrics.awaitSessionsOpen(
                    urls, "push", FAST_SUBSCRIBERS + 1, STALLED_CLOSED));
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
        }

        // The control: as many messages, at the same pace, with three healthy subscribers instead.
        String control = "control-" + UUID.randomUUID();
        List<PushClient> healthy = new ArrayList<>();
        ExecutorService drainers = Executors.newFixedThreadPool(STALLED_SUBSCRIBERS);
        Phase withHealthy;
        try {
            for (int i = 0; i < STALLED_SUBSCRIBERS; i++) {
                PushClient client = PushClient.connect(urls);
                healthy.add(client);
                client.subscribe(control);
                drainers.execute(() -> Received.until("end", client));
            }
            withHealthy = Phase.run(urls, control, withStalled.published(), reachedAtMost ->
                    assertTrue(reachedAtMost.await(STALLED_CLOSED.toSeconds(), TimeUnit.SECONDS)));
        } finally {
            drainers.shutdownNow();
            healthy.forEach(PushClient::close);
        }

        long bound = Math.max(2_000, 2 * withHealthy.worstP99Millis());
        for (Received got : withStalled.received()) {
            // On a starved machine a fast subscriber may itself fall a full queue behind and lose some by the
            // same policy — announced, never silently.
            assertTrue(got.messages() + got.dropped() >= withStalled.published(),
                    "every message arrived or was announced as dropped: " + got + " of " + withStalled.published());
            assertTrue(got.messages() >= withStalled.published() / 2, "a fast subscriber got too few: " + got);
            assertTrue(got.p99Millis() <= bound, "fast subscribers' p99 latency with stalled clients: " + got
                    + "; with healthy ones: " + withHealthy.received());
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsToldHowManyMessagesItLostAndGetsEveryReply() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "behind-" + UUID.randomUUID();
        double droppedBefore = ServerMetrics.value(urls, "echopush_messages_dropped_total", "endpoint", "push");
        int messages = 0;
        try (PushClient publisher = PushClient.connect(urls);
                RawWebSocket behind = subscribedRawClient(urls, topic)) {
            // It reads nothing while 16 MiB are published at once, and then more, at the inbound rate, until the
            // server has dropped some of its messages: socket buffers and the container's write queue take their
            // share first (Payara's Grizzly about 11 MiB per connection), and only then does its queue overflow.
            while (messages < BEHIND_AT_ONCE) {
                messages++;
                publisher.publish(topic, bigMessage(messages));
            }
            publisher.raw().flush();
            while (ServerMetrics.value(urls, "echopush_messages_dropped_total", "endpoint", "push") <= droppedBefore
                    && messages < BEHIND_AT_MOST) {
                messages = publishPaced(publisher, topic, messages, 500);
            }
            // Its own requests are answered even now, behind a full queue: published messages make room for the
            // replies, never the reverse, however many are published after them. So do presence counts: the new
            // topic's count comes, and the dropped notices count published messages only (D12).
            String other = topic + "-too";
            behind.sendText(PushClient.request("subscribe", other).put("id", "late-subscribe").toString());
            behind.sendText(PushClient.request("publish", "clock").put("id", "late-error").toString());
            messages = publishPaced(publisher, topic, messages, 2 * QUEUE_LIMIT);
            publisher.publish(topic, PushClient.read("\"end\""));
            publisher.raw().flush();

            // Then it reads: every gap in seq is announced, just before it, by a dropped notice of its size.
            long expectedSeq = 1;
            long droppedTotal = 0;
            long received = 0;
            List<String> replies = new ArrayList<>();
            boolean otherCounted = false;
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
                if (type.equals("subscribed") || type.equals("error")) {
                    replies.add(type + " " + message.get("id").asText());
                    continue;
                }
                if (type.equals("presence")) {
                    otherCounted |= isCountOf(other, message);
                    continue;
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
            assertEquals(List.of("subscribed late-subscribe", "error late-error"), replies);
            assertEquals(messages, received + droppedTotal, "every message either arrived or was counted as dropped");
            // The count of the topic it joined late comes on the presence schedule, perhaps after "end".
            while (!otherCounted) {
                JsonNode message = PushClient.read(behind.readMessage().text());
                assertEquals("presence", message.get("type").asText(), "after end: " + message);
                otherCounted = isCountOf(other, message);
            }
        }
    }

    private static boolean isCountOf(String topic, JsonNode presence) {
        return presence.get("topic").asText().equals(topic) && presence.get("subscribers").asInt() == 1;
    }

    private static JsonNode bigMessage(int n) {
        return PushClient.read("{\"pad\":\"" + BIG_PADDING + "\",\"n\":" + n + "}");
    }

    /** Publishes {@code count} more big messages at ~1,000 a second (the inbound rate); answers the new total. */
    private static int publishPaced(PushClient publisher, String topic, int sofar, int count) throws Exception {
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch done = new CountDownLatch(count);
        int[] n = {sofar};
        try {
            pace.scheduleAtFixedRate(() -> {
                if (done.getCount() > 0) {
                    publisher.publish(topic, bigMessage(++n[0]));
                    done.countDown();
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            assertTrue(done.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            pace.shutdownNow();
        }
        publisher.raw().flush();
        return n[0];
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

    /**
     * Two fast subscribers of {@code topic} and a publisher at ~1,000 messages a second, stopping at {@code atMost}
     * messages; the phase lasts until {@code end} returns (it is handed a latch that opens at {@code atMost}).
     */
    private record Phase(long published, List<Received> received) {

        long worstP99Millis() {
            return received.stream().mapToLong(Received::p99Millis).max().orElse(0);
        }

        static Phase run(AppUrls urls, String topic, long atMost, PhaseEnd end) throws Exception {
            List<PushClient> fast = new ArrayList<>();
            ExecutorService readers = Executors.newFixedThreadPool(FAST_SUBSCRIBERS);
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            try (PushClient publisher = PushClient.connect(urls)) {
                List<CompletableFuture<Received>> received = new ArrayList<>();
                for (int i = 0; i < FAST_SUBSCRIBERS; i++) {
                    PushClient subscriber = PushClient.connect(urls);
                    fast.add(subscriber);
                    subscriber.subscribe(topic);
                    received.add(CompletableFuture.supplyAsync(() -> Received.until("end", subscriber), readers));
                }
                AtomicLong published = new AtomicLong();
                CountDownLatch reachedAtMost = new CountDownLatch(1);
                pace.scheduleAtFixedRate(() -> {
                    if (published.get() >= atMost) {
                        reachedAtMost.countDown();
                        return;
                    }
                    publisher.publish(topic, PushClient.read("{\"t\":" + System.nanoTime() + ",\"pad\":\""
                            + PADDING + "\",\"n\":" + published.incrementAndGet() + "}"));
                }, 0, 1, TimeUnit.MILLISECONDS);
                end.await(reachedAtMost);
                pace.shutdown();
                assertTrue(pace.awaitTermination(5, TimeUnit.SECONDS));
                publisher.publish(topic, PushClient.read("\"end\""));
                List<Received> got = new ArrayList<>();
                for (CompletableFuture<Received> future : received) {
                    got.add(future.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                }
                return new Phase(published.get(), got);
            } finally {
                pace.shutdownNow();
                readers.shutdownNow();
                fast.forEach(PushClient::close);
            }
        }
    }

    /** Blocks until a phase is to end. */
    private interface PhaseEnd {
        void await(CountDownLatch reachedAtMost) throws Exception;
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
