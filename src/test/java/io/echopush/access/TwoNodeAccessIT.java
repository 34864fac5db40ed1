package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.echopush.testing.Http;
import io.echopush.testing.Node;
import io.echopush.testing.PushClient;
import io.echopush.testing.RedisServer;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes sharing Redis (docs/scaling.md), each given the same rules file on disk and the same token key, decide
 * alike: a token issued on A gives exactly its rights on B, one signed with another key is refused on both, the
 * rules refuse and allow the same anonymous requests on both, and what A accepts reaches the entitled on B while
 * what A refuses reaches no one.
 */
class TwoNodeAccessIT {

    static final String RULES = """
            orders.*  subscribe=publisher  publish=publisher
            news      subscribe=anonymous  publish=publisher
            chat.*    subscribe=anonymous  publish=anonymous
            *         subscribe=authenticated
            """;

    private static final AtomicInteger TOPICS = new AtomicInteger();

    @TempDir
    static Path folder;

    private static RedisServer redis;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void startNodes() throws IOException {
        Path rules = Files.writeString(folder.resolve("topic-rules.txt"), RULES); // outside the WAR, one file
        redis = RedisServer.start();
        Map<String, String> settings = Map.of("echopush.bus", redis.url(),
                "echopush.topic-rules", rules.toAbsolutePath().toString(), "echopush.token-secret", TokensTest.SECRET);
        a = Node.start("access-a", settings);
        b = Node.start("access-b", settings);
        for (Node node : List.of(a, b)) {
            ServerMetrics.awaitValue(node.urls(), "echopush_bus_connected", "bus", "redis", 1);
        }
    }

    @AfterAll
    static void stopNodes() {
        try (RedisServer r = redis; Node first = a; Node second = b) {
            // closed in reverse order: the nodes, then the broker
        }
    }

    @Test
    void aTokenIssuedOnAGivesExactlyItsRightsOnB() throws Exception {
        JsonNode issued = issue(a, "{\"subscribe\":[\"orders.*\",\"news\"],\"publish\":[\"orders.*\"]}");
        try (PushClient onB = PushClient.connect(b.urls())) {
            onB.send("{\"type\":\"auth\",\"token\":\"" + issued.get("token").asText() + "\",\"id\":1}");
            JsonNode authed = onB.next("authed");
            assertEquals("test-publisher", authed.get("sub").asText());
            assertEquals(issued.get("exp").asLong(), authed.get("exp").asLong());
            String topic = "orders." + TOPICS.incrementAndGet();
            assertEquals(1, onB.subscribe(topic));
            onB.subscribe("news"); // its count may include earlier cases' sockets still closing
            // the pattern orders.* one character off; then what the rules allow a publisher but the token does not
            assertForbidden(onB, "{\"type\":\"subscribe\",\"topic\":\"orders\",\"id\":2}", 2);
            assertForbidden(onB, "{\"type\":\"publish\",\"topic\":\"orders\",\"data\":1,\"id\":3}", 3);
            assertForbidden(onB, "{\"type\":\"subscribe\",\"topic\":\"other\",\"id\":4}", 4);
            assertForbidden(onB, "{\"type\":\"publish\",\"topic\":\"news\",\"data\":1,\"id\":5}", 5);
            onB.publish(topic, TextNode.valueOf("from B"));
            JsonNode message = onB.next("message");
            assertEquals("from B", message.get("data").asText());
            assertEquals("test-publisher", message.get("from").asText());
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedOnBothNodes() {
        byte[] otherKey = TokensTest.KEY.clone();
        otherKey[0] ^= 1;
        Instant now = Instant.now();
        String forged = TokensTest.sign(TokensTest.mac(otherKey), JWSAlgorithm.HS256,
                TokensTest.claims(now, now.plusSeconds(60)));
        for (Node node : List.of(a, b)) {
            double before = signatureRefusals(node);
            try (PushClient client = PushClient.connect(node.urls())) {
                client.send("{\"type\":\"auth\",\"token\":\"" + forged + "\",\"id\":1}");
                JsonNode error = client.next("error");
                assertEquals("unauthorized: bad signature: not signed with this server's key",
                        error.get("reason").asText());
                assertEquals(1, error.get("id").asInt());
                // still anonymous: what the rules let anyone do, and no more
                client.subscribe("news");
                assertForbidden(client, "{\"type\":\"subscribe\",\"topic\":\"orders.x\",\"id\":2}", 2);
            }
            assertEquals(before + 1, signatureRefusals(node));
        }
    }

    /** The same anonymous requests on each node, what the allowed publish sends arriving on the other. */
    @Test
    void theRulesRefuseAndAllowTheSameAnonymousRequestsOnBothNodes() {
        for (Node[] pair : new Node[][] {{a, b}, {b, a}}) {
            String chat = "chat." + TOPICS.incrementAndGet();
            try (PushClient anonymous = PushClient.connect(pair[0].urls());
                    PushClient there = PushClient.connect(pair[1].urls())) {
                assertEquals(1, there.subscribe(chat));
                assertForbidden(anonymous, "{\"type\":\"subscribe\",\"topic\":\"orders.x\",\"id\":1}", 1);
                // the prefix chat.* one character off falls to *, which anonymous lacks
                assertForbidden(anonymous, "{\"type\":\"subscribe\",\"topic\":\"chat\",\"id\":2}", 2);
                assertForbidden(anonymous, "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":1,\"id\":3}", 3);
                assertForbidden(anonymous, "{\"type\":\"publish\",\"topic\":\"news\",\"data\":1,\"id\":4}", 4);
                assertForbidden(anonymous, "{\"type\":\"publish\",\"topic\":\"orders.x\",\"data\":1,\"id\":5}", 5);
                anonymous.subscribe("news");
                anonymous.publish(chat, TextNode.valueOf("anyone"));
                JsonNode message = there.next("message");
                assertEquals("anyone", message.get("data").asText());
                assertEquals(1, message.get("seq").asLong(), message::toString);
                assertFalse(message.has("from"), message::toString);
            }
        }
    }

    /**
     * A publish refused on A is stored nowhere: the one A then accepts is the topic's first message, and it
     * reaches B's token-holding subscriber, with its sender.
     */
    @Test
    void aPublishAcceptedOnAReachesAnAuthorisedSubscriberOnBAndARefusedOneNoOne() throws Exception {
        String topic = "orders." + TOPICS.incrementAndGet();
        String token = issue(a, "{\"subscribe\":[\"" + topic + "\"],\"publish\":[\"" + topic + "\"]}")
                .get("token").asText();
        try (PushClient onB = PushClient.connect(b.urls()); PushClient anonymous = PushClient.connect(a.urls());
                PushClient onA = PushClient.connect(a.urls())) {
            onB.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}").next("authed");
            assertEquals(1, onB.subscribe(topic));
            assertForbidden(anonymous, "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":0,\"id\":1}", 1);
            onA.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}").next("authed");
            onA.publish(topic, TextNode.valueOf("over a socket"));
            JsonNode first = onB.next("message");
            assertEquals("over a socket", first.get("data").asText());
            assertEquals(1, first.get("seq").asLong(), first::toString);
            assertEquals("test-publisher", first.get("from").asText());
            assertEquals(202, publishOverHttp(a, topic).statusCode());
            JsonNode second = onB.next("message");
            assertEquals("over HTTP", second.get("data").asText());
            assertEquals(2, second.get("seq").asLong(), second::toString);
        }
    }

    /** {@code POST /api/tokens} on {@code node} as the publisher; answers the 201's body. */
    private static JsonNode issue(Node node, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = TokensIT.post(node.urls(), TestUsers.PUBLISHER, body);
        assertEquals(201, response.statusCode(), response.body());
        return PushClient.read(response.body());
    }

    private static HttpResponse<String> publishOverHttp(Node node, String topic)
            throws IOException, InterruptedException {
        return Http.CLIENT.send(HttpRequest.newBuilder(node.urls().http("api/topics/" + topic))
                .timeout(TestClient.TIMEOUT).header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("\"over HTTP\""))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertForbidden(PushClient client, String request, int id) {
        client.send(request);
        JsonNode error = client.next("error");
        assertEquals("forbidden", error.get("reason").asText(), error.toString());
        assertEquals(id, error.get("id").asInt(), error.toString());
    }

    private static double signatureRefusals(Node node) {
        return ServerMetrics.value(node.urls(), "echopush_token_refusals_total", "reason", "signature");
    }
}
