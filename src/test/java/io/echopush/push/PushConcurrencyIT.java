package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.ServerMetrics;
import io.echopush.topic.ClockPublisher;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One session written to from three sides at once — clock ticks from the server's timer, a topic published at
 * ~1 kHz from another client's thread, and replies to its own requests from its reading thread — gets all of
 * it, each stream in order, and no send ever fails (a second send while one is in flight would: Tomcat throws
 * {@code IllegalStateException ... TEXT_FULL_WRITING}, and the session is closed for it).
 */
class PushConcurrencyIT extends BuiltWarTest {

    private static final int PUBLISHES = 3_000;
    private static final int REQUEST_PAIRS = 500;

    @Test
    void clockTopicAndRepliesOnOneSessionArriveWholeAndInOrder() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "busy-" + UUID.randomUUID();
        double failuresBefore = ServerMetrics.value(urls, "echopush_send_failures_total", "endpoint", "push");
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
        try (PushClient client = PushClient.connect(urls); PushClient publisher = PushClient.connect(urls)) {
            client.subscribe(topic);
            // The clock last: once subscribed to it, a tick may come before any later reply.
            client.subscribe(ClockPublisher.TOPIC);

            AtomicInteger published = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> {
                int n = published.incrementAndGet();
                if (n <= PUBLISHES) {
                    publisher.publish(topic, PushClient.read("{\"n\":" + n + "}"));
                } else if (n == PUBLISHES + 1) {
                    publisher.publish(topic, PushClient.read("\"end\""));
                }
            }, 0, 1_000, TimeUnit.MICROSECONDS);
            // Meanwhile the client itself asks for things, each answered on the same session.
            AtomicInteger asked = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> {
                int i = asked.getAndIncrement();
                if (i < REQUEST_PAIRS) {
                    client.send(PushClient.request("subscribe", "side-" + i + "-" + topic));
                    client.send(PushClient.request("unsubscribe", "side-" + i + "-" + topic));
                }
            }, 0, 5, TimeUnit.MILLISECONDS);

            // Each stream in order. Should the client fall behind (a loaded machine), the oldest messages are
            // dropped by policy: whatever is missing must then have been announced by dropped notices.
            long lastSeq = 0;
            long lastClockSeq = 0;
            int received = 0;
            int ticks = 0;
            int previousReply = -1;
            int replies = 0;
            long dropped = 0;
            boolean ended = false;
            boolean askedLast = false;
            String last = "last-" + topic;
            while (true) {
                if (!askedLast && ended && ticks >= 2 && asked.get() >= REQUEST_PAIRS) {
                    // Behind everything else on the session: once its reply is here, all before it has come.
                    client.send(PushClient.request("subscribe", last));
                    askedLast = true;
                }
                JsonNode message = client.next();
                String type = message.get("type").asText();
                if (type.equals("dropped")) {
                    dropped += message.get("count").asLong();
                } else if (type.equals("message") && message.get("topic").asText().equals(ClockPublisher.TOPIC)) {
                    assertTrue(message.get("seq").asLong() > lastClockSeq, "clock ticks in order");
                    lastClockSeq = message.get("seq").asLong();
                    ticks++;
                } else if (type.equals("message") && message.get("data").isTextual()) {
                    ended = true;
                } else if (type.equals("message")) {
                    long seq = message.get("seq").asLong();
                    assertTrue(seq > lastSeq, "topic messages in seq order: " + seq + " after " + lastSeq);
                    assertEquals(seq, message.get("data").get("n").asLong());
                    lastSeq = seq;
                    received++;
                } else if (message.get("topic").asText().equals(last)) {
                    assertEquals("subscribed", type);
                    break;
                } else {
                    // "side-<i>-…": subscribed, then unsubscribed, i rising; as one number, reply 2i or 2i + 1.
                    String side = message.get("topic").asText();
                    int reply = 2 * Integer.parseInt(side.substring(5, side.indexOf('-', 5)))
                            + (type.equals("unsubscribed") ? 1 : 0);
                    assertTrue(reply > previousReply, "reply " + reply + " after " + previousReply);
                    previousReply = reply;
                    replies++;
                }
            }
            long missing = (PUBLISHES - received) + (2L * REQUEST_PAIRS - replies);
            assertTrue(missing <= dropped, missing + " messages missing, " + dropped + " announced as dropped");
        } finally {
            pace.shutdownNow();
        }
        assertEquals(failuresBefore, ServerMetrics.value(urls, "echopush_send_failures_total", "endpoint", "push"),
                "sends failed on the server");
    }
}
