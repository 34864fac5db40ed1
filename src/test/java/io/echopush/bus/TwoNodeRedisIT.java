package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echopush.testing.Node;
import io.echopush.testing.PushClient;
import io.echopush.testing.RedisServer;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TcpProxy;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import io.echopush.topic.ClockPublisher;
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
 * Scale-out (docs/scaling.md): two nodes, each the WAR on embedded Tomcat in a JVM of its own, share a real
 * redis-server (its append-only file synced at every write) through {@code echopush.bus}; node A reaches it through
 * a proxy the tests can cut. Positions come from Redis: the same message has the same epoch and seq on every node,
 * a client resumes on any node, a node cut off catches up from the streams, a flush is a new epoch clients are told
 * of, and while the broker is away each node serves its own under an epoch of its own, saying so.
 *
 * <p>"Exactly once" without waiting for silence: a case ends with a marker published after the messages under
 * test, and every subscriber must see the marker next: a second copy of anything would come before it.
 */
class TwoNodeRedisIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static RedisServer redis;
    private static TcpProxy proxy;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void startNodes() {
        redis = RedisServer.startPersistent();
        proxy = new TcpProxy(redis.port());
        a = Node.start("a", Map.of("echopush.bus", "redis://127.0.0.1:" + proxy.port()));
        b = Node.start("b", Map.of("echopush.bus", redis.url()));
        awaitBus(1, a, b);
    }

    @AfterAll
    static void stopNodes() {
        try (RedisServer r = redis; TcpProxy p = proxy; Node first = a; Node second = b) {
            // closed in reverse order: the nodes, the proxy, then the broker
        }
    }

    @Test
    void aMessageHasTheSamePositionOnEveryNodeAndArrivesOnceInOrder() {
        String topic = freshTopic();
        try (PushClient onA = PushClient.connect(a.urls()); PushClient onB = PushClient.connect(b.urls());
                PushClient publisherA = PushClient.connect(a.urls())) {
            JsonNode subscribedA = subscribe(onA, topic, null);
            JsonNode subscribedB = subscribe(onB, topic, null);
            assertEquals(subscribedA.get("epoch"), subscribedB.get("epoch"), "one epoch for the topic");
            assertEquals(0, subscribedB.get("seq").asLong());
            String epoch = subscribedA.get("epoch").asText();
            for (int i = 1; i <= 6; i++) {
                JsonNode accepted = publish(i % 2 == 0 ? b : a, topic, "\"m" + i + "\"");
                assertEquals(epoch, accepted.get("epoch").asText());
                assertEquals(i, accepted.get("seq").asLong());
                assertTrue(accepted.get("everyNode").asBoolean());
            }
            publisherA.publish(topic, PushClient.read("\"m7\"")); // a socket publish takes the same path
            for (PushClient subscriber : List.of(onA, onB)) {
                for (int i = 1; i <= 7; i++) {
                    assertMessage(subscriber.next("message"), epoch, i, "m" + i);
                }
            }
            assertMarkerIsNext(topic, b, onA, onB);
        }
    }

    @Test
    void aClientThatLeftAResumesOnBWithNothingLost() {
        String topic = freshTopic();
        String epoch;
        try (PushClient onA = PushClient.connect(a.urls())) {
            epoch = subscribe(onA, topic, null).get("epoch").asText();
            publish(b, topic, "\"m1\"");
            assertMessage(onA.next("message"), epoch, 1, "m1");
        }
        publish(a, topic, "\"m2\"");
        publish(a, topic, "\"m3\"");
        try (PushClient onB = PushClient.connect(b.urls())) {
            JsonNode subscribed = subscribe(onB, topic, "{\"epoch\":\"" + epoch + "\",\"seq\":1}");
            assertTrue(subscribed.get("recovered").asBoolean(), subscribed::toString);
            assertEquals(epoch, subscribed.get("epoch").asText());
            assertEquals(3, subscribed.get("seq").asLong());
            assertMessage(onB.next("message"), epoch, 2, "m2");
            assertMessage(onB.next("message"), epoch, 3, "m3");
            publish(a, topic, "\"m4\"");
            assertMessage(onB.next("message"), epoch, 4, "m4");
        }
    }

    @Test
    void anHttpPublishOnAReachesASubscriberOnBWithItsPosition() {
        String topic = freshTopic();
        try (PushClient onB = PushClient.connect(b.urls())) {
            subscribe(onB, topic, null);
            JsonNode accepted = publish(a, topic, "{\"amount\":12.50}");
            // The count answered is A's own subscribers: none.
            assertEquals(0, accepted.get("subscribers").asInt());
            JsonNode message = onB.next("message");
            assertEquals(PushClient.read("{\"amount\":12.50}"), message.get("data"));
            assertEquals("test-publisher", message.get("from").asText());
            assertEquals(accepted.get("epoch"), message.get("epoch"));
            assertEquals(accepted.get("seq"), message.get("seq"));
            assertMarkerIsNext(topic, a, onB);
        }
    }

    /**
     * A cut off, B not: what B's publishers send meanwhile is stored, A's own publish goes to A's subscribers under
     * an epoch of A's own (and says so); back, A delivers what it missed, in order, before anything new.
     */
    @Test
    void aNodeCutOffFromRedisCatchesUpInOrderWhenItComesBack() {
        String topic = freshTopic();
        try (PushClient onA = PushClient.connect(a.urls()); PushClient onB = PushClient.connect(b.urls())) {
            String epoch = subscribe(onA, topic, null).get("epoch").asText();
            subscribe(onB, topic, null);
            publish(b, topic, "\"m1\"");
            assertMessage(onA.next("message"), epoch, 1, "m1");
            assertMessage(onB.next("message"), epoch, 1, "m1");
            double recoveredBefore = ServerMetrics.value(a.urls(), "echopush_bus_messages_total", "outcome", "recovered");

            proxy.cut();
            awaitBus(0, a);
            publish(b, topic, "\"m2\"");
            publish(b, topic, "\"m3\"");
            JsonNode alone = publish(a, topic, "\"alone\"");
            assertFalse(alone.get("everyNode").asBoolean(), "A's publish reached A's subscribers only");
            assertNotEquals(epoch, alone.get("epoch").asText(), "an epoch of A's own");
            assertMessage(onA.next("message"), alone.get("epoch").asText(), 1, "alone");

            proxy.restore();
            awaitBus(1, a);
            assertMessage(onA.next("message"), epoch, 2, "m2");
            assertMessage(onA.next("message"), epoch, 3, "m3");
            assertMessage(onB.next("message"), epoch, 2, "m2");
            assertMessage(onB.next("message"), epoch, 3, "m3");
            JsonNode m4 = publish(a, topic, "\"m4\"");
            assertEquals(4, m4.get("seq").asLong());
            assertMessage(onA.next("message"), epoch, 4, "m4");
            assertMessage(onB.next("message"), epoch, 4, "m4"); // "alone" never reached B
            assertMarkerIsNext(topic, b, onA, onB);
            assertTrue(ServerMetrics.value(a.urls(), "echopush_bus_messages_total", "outcome", "recovered")
                    >= recoveredBefore + 2, "the catch-up is counted in /metrics");
        }
    }

    /** Redis killed and started again with its data: what was stored survives, positions go on, none repeats. */
    @Test
    void withRedisKilledAndRestartedNothingStoredIsLostOrRepeated() {
        String topic = freshTopic();
        try (PushClient onA = PushClient.connect(a.urls()); PushClient onB = PushClient.connect(b.urls())) {
            String epoch = subscribe(onA, topic, null).get("epoch").asText();
            subscribe(onB, topic, null);
            publish(a, topic, "\"m1\"");
            assertMessage(onA.next("message"), epoch, 1, "m1");
            assertMessage(onB.next("message"), epoch, 1, "m1");

            redis.kill();
            awaitBus(0, a, b);
            JsonNode duringA = publish(a, topic, "\"during-a\"");
            JsonNode duringB = publish(b, topic, "\"during-b\"");
            assertFalse(duringA.get("everyNode").asBoolean());
            assertFalse(duringB.get("everyNode").asBoolean());
            assertMessage(onA.next("message"), duringA.get("epoch").asText(), 1, "during-a");
            assertMessage(onB.next("message"), duringB.get("epoch").asText(), 1, "during-b");

            redis.restart();
            awaitBus(1, a, b);
            JsonNode m2 = publish(b, topic, "\"m2\"");
            assertEquals(epoch, m2.get("epoch").asText(), "the broker's epoch survived its restart");
            assertEquals(2, m2.get("seq").asLong());
            assertMessage(onA.next("message"), epoch, 2, "m2");
            assertMessage(onB.next("message"), epoch, 2, "m2");
            assertMarkerIsNext(topic, a, onA, onB);
        }
    }

    /** A flush (or a restart without persistence) is a new epoch: live clients see it, a resume is told it failed. */
    @Test
    void aFlushChangesTheEpochAndClientsAreTold() {
        String topic = freshTopic();
        try (PushClient onA = PushClient.connect(a.urls())) {
            String epoch = subscribe(onA, topic, null).get("epoch").asText();
            publish(b, topic, "\"m1\"");
            assertMessage(onA.next("message"), epoch, 1, "m1");
            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                jedis.flushAll();
            }
            JsonNode m2 = publish(b, topic, "\"m2\"");
            String newEpoch = m2.get("epoch").asText();
            assertNotEquals(epoch, newEpoch);
            assertEquals(1, m2.get("seq").asLong());
            assertMessage(onA.next("message"), newEpoch, 1, "m2");
            try (PushClient onB = PushClient.connect(b.urls())) {
                JsonNode subscribed = subscribe(onB, topic, "{\"epoch\":\"" + epoch + "\",\"seq\":1}");
                assertFalse(subscribed.get("recovered").asBoolean(), subscribed::toString);
                assertEquals(newEpoch, subscribed.get("epoch").asText());
                assertEquals(1, subscribed.get("seq").asLong());
            }
        }
    }

    /** A node going away (undeployed: its clients get 1001) loses nothing for them: they resume on another. */
    @Test
    void theClientsOfANodeThatGoesAwayResumeOnAnother() {
        String topic = freshTopic();
        String epoch;
        try (Node c = Node.start("c", Map.of("echopush.bus", redis.url()))) {
            awaitBus(1, c);
            PushClient onC = PushClient.connect(c.urls());
            epoch = subscribe(onC, topic, null).get("epoch").asText();
            publish(c, topic, "\"m1\"");
            assertMessage(onC.next("message"), epoch, 1, "m1");
            c.close();
            assertEquals(1001, onC.awaitClose().code());
        }
        publish(b, topic, "\"m2\"");
        try (PushClient onB = PushClient.connect(b.urls())) {
            JsonNode subscribed = subscribe(onB, topic, "{\"epoch\":\"" + epoch + "\",\"seq\":1}");
            assertTrue(subscribed.get("recovered").asBoolean(), subscribed::toString);
            assertMessage(onB.next("message"), epoch, 2, "m2");
        }
    }

    /**
     * Whoever can publish to the broker can reach any topic's channel, but a node takes from it only what the store
     * holds: a tick of {@code clock} or a message forged on Redis never reaches a subscriber (docs/scaling.md).
     */
    @Test
    void messagesForgedOnTheBrokerNeverReachSubscribers() {
        String topic = freshTopic();
        try (PushClient onB = PushClient.connect(b.urls()); Jedis intruder = new Jedis(URI.create(redis.url()))) {
            subscribe(onB, ClockPublisher.TOPIC, null);
            subscribe(onB, topic, null);
            String forged = "{\"epoch\":\"e\",\"seq\":1,\"node\":\"intruder\",\"time\":\"t\",\"data\":\"forged\"}";
            intruder.publish(RedisBus.CHANNEL_PREFIX + ClockPublisher.TOPIC, forged);
            intruder.publish(RedisBus.CHANNEL_PREFIX + topic, forged);
            publish(a, topic, "\"after\"");
            // All go through B's one subscriber thread, in order, into this client's one queue: a forged message
            // would arrive before "after", which shows that the path from the broker was open.
            while (true) {
                JsonNode message = onB.next("message");
                if (message.get("topic").asText().equals(topic)) {
                    assertEquals("after", message.get("data").asText());
                    assertEquals(1, message.get("seq").asLong());
                    break;
                }
                assertTrue(message.get("data").has("time"), () -> "a tick that is not the clock's: " + message);
            }
        }
    }

    private static JsonNode subscribe(PushClient client, String topic, String since) {
        ObjectNode request = PushClient.request("subscribe", topic);
        if (since != null) {
            request.set("since", PushClient.read(since));
        }
        client.send(request);
        JsonNode subscribed = client.next("subscribed");
        assertEquals(topic, subscribed.get("topic").asText());
        return subscribed;
    }

    /** Publishes {@code json} on {@code node} over HTTP; answers the 202's body. */
    private static JsonNode publish(Node node, String topic, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.urls().http("api/topics/" + topic))
                    .timeout(TestClient.TIMEOUT)
                    .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            return PushClient.read(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertMessage(JsonNode message, String epoch, long seq, String data) {
        assertEquals(data, message.get("data").asText(), message::toString);
        assertEquals(epoch, message.get("epoch").asText(), message::toString);
        assertEquals(seq, message.get("seq").asLong(), message::toString);
    }

    /** {@code node} publishes a marker; each subscriber's next message must be it (nothing repeated before). */
    private static void assertMarkerIsNext(String topic, Node node, PushClient... subscribers) {
        String marker = "marker-" + System.nanoTime();
        JsonNode accepted = publish(node, topic, "\"" + marker + "\"");
        assertTrue(accepted.get("everyNode").asBoolean(), () -> "the marker was not stored: " + accepted);
        for (PushClient subscriber : subscribers) {
            assertEquals(marker, subscriber.next("message").get("data").asText());
        }
    }

    /** Waits until the nodes' /metrics say the bus is connected (1) or not (0). */
    private static void awaitBus(long connected, Node... nodes) {
        for (Node node : nodes) {
            ServerMetrics.awaitValue(node.urls(), "echopush_bus_connected", "bus", "redis", connected);
        }
    }

    private static String freshTopic() {
        return "scale-" + TOPICS.incrementAndGet();
    }
}
