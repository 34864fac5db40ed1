package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.Node;
import io.echopush.testing.PushClient;
import io.echopush.testing.RedisServer;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import io.echopush.push.ClockPublisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Scale-out (issue 8, docs/scaling.md): two nodes, each the WAR on embedded Tomcat in a JVM of its own, share a
 * real redis-server through {@code echopush.bus}. What is published on one reaches the other's subscribers
 * exactly once and its own exactly once, over a socket and over HTTP; with the broker killed each node still
 * serves its own subscribers, and after the broker's restart delivery across nodes resumes, without duplicates.
 *
 * <p>"Exactly once" without waiting for silence: each case ends with a marker published after the messages
 * under test, and every subscriber must see the marker next. Messages from one node keep their order across
 * the broker, so a second copy of anything would arrive before the marker.
 */
class TwoNodeRedisIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static RedisServer redis;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void startNodes() {
        redis = RedisServer.start();
        Map<String, String> settings = Map.of("echopush.bus", redis.url());
        a = Node.start("a", settings);
        b = Node.start("b", settings);
        awaitBus(1);
    }

    @AfterAll
    static void stopNodes() {
        try (RedisServer r = redis; Node first = a; Node second = b) {
            // closed in reverse order: the nodes, then the broker
        }
    }

    @Test
    void aSocketPublishOnAReachesItsSubscribersOnBothNodesOnce() {
        String topic = freshTopic();
        try (PushClient onA = PushClient.connect(a.urls()); PushClient onB = PushClient.connect(b.urls());
                PushClient publisherA = PushClient.connect(a.urls());
                PushClient publisherB = PushClient.connect(b.urls())) {
            assertEquals(1, onA.subscribe(topic));
            // Presence is per node: B's count does not include A's subscriber.
            assertEquals(1, onB.subscribe(topic));

            for (int i = 1; i <= 3; i++) {
                publisherA.publish(topic, PushClient.read("\"m" + i + "\""));
            }
            for (PushClient subscriber : List.of(onA, onB)) {
                for (int i = 1; i <= 3; i++) {
                    JsonNode message = subscriber.next("message");
                    assertEquals(topic, message.get("topic").asText());
                    assertEquals("m" + i, message.get("data").asText());
                    // seq is each node's own numbering of the topic: gap-free on both.
                    assertEquals(i, message.get("seq").asLong());
                }
            }
            assertMarkerIsNext(topic, publisherB, onA, onB);
        }
    }

    /**
     * Positions are each node's own for now (docs/scaling.md): a client that left A and comes back on B with A's
     * position is told it was not recovered, with B's position — never a silent gap, never A's numbers replayed.
     */
    @Test
    void aPositionFromAnotherNodeIsNotRecoveredButSaidSo() {
        String topic = freshTopic();
        try (PushClient onB = PushClient.connect(b.urls()); PushClient publisherA = PushClient.connect(a.urls())) {
            onB.subscribe(topic);
            String epochOnA;
            try (PushClient onA = PushClient.connect(a.urls())) {
                onA.subscribe(topic);
                publisherA.publish(topic, PushClient.read("\"m1\""));
                JsonNode message = onA.next("message");
                epochOnA = message.get("epoch").asText();
                assertEquals("m1", onB.next("message").get("data").asText());
            }
            onB.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":{\"epoch\":\"" + epochOnA
                    + "\",\"seq\":1}}");
            JsonNode subscribed = onB.next("subscribed");
            assertEquals(false, subscribed.get("recovered").asBoolean(), subscribed.toString());
            assertNotEquals(epochOnA, subscribed.get("epoch").asText(), "B's own epoch");
            assertEquals(1, subscribed.get("seq").asLong(), "where the client now stands on B");
        }
    }

    @Test
    void anHttpPublishOnAReachesASubscriberOnB() throws Exception {
        String topic = freshTopic();
        try (PushClient onB = PushClient.connect(b.urls())) {
            onB.subscribe(topic);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(a.urls().http("api/topics/" + topic))
                    .timeout(TestClient.TIMEOUT)
                    .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":12.50}", StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            // The count answered is A's own subscribers: none.
            assertEquals(0, PushClient.read(response.body()).get("subscribers").asInt());
            JsonNode message = onB.next("message");
            assertEquals(PushClient.read("{\"amount\":12.50}"), message.get("data"));
            assertEquals("test-publisher", message.get("from").asText());
            try (PushClient publisherA = PushClient.connect(a.urls())) {
                assertMarkerIsNext(topic, publisherA, onB);
            }
        }
    }

    @Test
    void withTheBrokerGoneEachNodeServesItsOwnAndAfterItsRestartDeliveryResumes() {
        String topic = freshTopic();
        try (PushClient onA = PushClient.connect(a.urls()); PushClient onB = PushClient.connect(b.urls());
                PushClient publisherA = PushClient.connect(a.urls());
                PushClient publisherB = PushClient.connect(b.urls())) {
            onA.subscribe(topic);
            onB.subscribe(topic);
            publisherA.publish(topic, PushClient.read("\"before\""));
            assertEquals("before", onA.next("message").get("data").asText());
            assertEquals("before", onB.next("message").get("data").asText());
            long droppedBefore = (long) ServerMetrics.value(a.urls(), "echopush_bus_messages_total", "outcome",
                    "dropped");

            redis.kill();
            awaitBus(0);
            publisherA.publish(topic, PushClient.read("\"during\""));
            // A's own subscriber has it at once: local delivery never waits for the broker.
            assertEquals("during", onA.next("message").get("data").asText());
            // Dropped for the other nodes (at most once) before the broker is back, so it cannot arrive late.
            ServerMetrics.awaitValue(a.urls(), "echopush_bus_messages_total", "outcome", "dropped", droppedBefore + 1);

            redis.restart();
            awaitBus(1);
            publisherA.publish(topic, PushClient.read("\"after\""));
            assertEquals("after", onA.next("message").get("data").asText());
            // "during" never reaches B: "after" is next there.
            assertEquals("after", onB.next("message").get("data").asText());
            assertMarkerIsNext(topic, publisherB, onA, onB);
            for (Node node : List.of(a, b)) {
                assertTrue(ServerMetrics.value(node.urls(), "echopush_bus_reconnects_total", "bus", "redis") >= 1,
                        "reconnects counted in /metrics");
            }
        }
    }

    /**
     * Whoever can publish to the broker can reach any topic but the server's own: a tick of {@code clock} forged
     * on Redis never reaches its subscribers (docs/scaling.md, trust).
     */
    @Test
    void aClockTickForgedOnTheBrokerNeverReachesTheClocksSubscribers() {
        String topic = freshTopic();
        try (PushClient onB = PushClient.connect(b.urls()); Jedis intruder = new Jedis(URI.create(redis.url()))) {
            onB.subscribe(ClockPublisher.TOPIC);
            onB.subscribe(topic);
            intruder.publish(RedisBus.CHANNEL_PREFIX + ClockPublisher.TOPIC,
                    "{\"epoch\":\"e\",\"seq\":1,\"node\":\"intruder\",\"time\":\"t\",\"data\":\"forged\"}");
            intruder.publish(RedisBus.CHANNEL_PREFIX + topic,
                    "{\"epoch\":\"e\",\"seq\":1,\"node\":\"intruder\",\"time\":\"t\",\"data\":\"forged\"}");
            try (PushClient publisherA = PushClient.connect(a.urls())) {
                publisherA.publish(topic, PushClient.read("\"after\""));
            }
            // Both go through B's one subscriber thread, in order, into this client's one queue: a forged tick
            // would arrive before "after", which shows that the path from the broker was open.
            while (true) {
                JsonNode message = onB.next("message");
                if (message.get("topic").asText().equals(topic)) {
                    assertEquals("after", message.get("data").asText());
                    break;
                }
                assertTrue(message.get("data").has("time"), () -> "a tick that is not the clock's: " + message);
            }
        }
    }

    /** {@code publisher} publishes a marker; each subscriber's next message must be it (nothing repeated before). */
    private static void assertMarkerIsNext(String topic, PushClient publisher, PushClient... subscribers) {
        String marker = "marker-" + System.nanoTime();
        publisher.publish(topic, PushClient.read("\"" + marker + "\""));
        for (PushClient subscriber : subscribers) {
            assertEquals(marker, subscriber.next("message").get("data").asText());
        }
    }

    /** Waits until both nodes' /metrics say the bus is connected (1) or not (0). */
    private static void awaitBus(long connected) {
        for (Node node : List.of(a, b)) {
            ServerMetrics.awaitValue(node.urls(), "echopush_bus_connected", "bus", "redis", connected);
        }
    }

    private static String freshTopic() {
        return "scale-" + TOPICS.incrementAndGet();
    }
}
