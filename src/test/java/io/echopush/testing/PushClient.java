package io.echopush.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@code push.v1} client for tests, over {@link TestClient}. Presence messages arrive on the server's own
 * schedule, so {@link #next()} sets them aside (see {@link #awaitPresence}) and answers the next other message.
 */
public final class PushClient implements AutoCloseable {

    public static final String PROTOCOL = "push.v1";
    // Exact numbers, as the server keeps them, so that "the same JSON value" can be compared node by node.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final TestClient client;
    private final Deque<JsonNode> presence = new ArrayDeque<>();

    private PushClient(TestClient client) {
        this.client = client;
    }

    public static PushClient connect(AppUrls urls) {
        return new PushClient(TestClient.connect(urls.ws("push"), PROTOCOL));
    }

    public TestClient raw() {
        return client;
    }

    public PushClient send(String text) {
        client.sendText(text);
        return this;
    }

    public PushClient send(JsonNode message) {
        return send(message.toString());
    }

    /** Subscribes and waits for {@code subscribed}; answers the subscriber count it reported. */
    public int subscribe(String topic) {
        send(request("subscribe", topic));
        JsonNode reply = next("subscribed");
        assertEquals(topic, reply.get("topic").asText());
        return reply.get("subscribers").asInt();
    }

    public void unsubscribe(String topic) {
        send(request("unsubscribe", topic));
        assertEquals(topic, next("unsubscribed").get("topic").asText());
    }

    public PushClient publish(String topic, JsonNode data) {
        ObjectNode message = request("publish", topic);
        message.set("data", data);
        return send(message);
    }

    /** The next message that is not a presence message. */
    public JsonNode next() {
        while (true) {
            JsonNode message = read(client.nextText());
            if (message.path("type").asText().equals("presence")) {
                presence.add(message);
            } else {
                return message;
            }
        }
    }

    /** The next non-presence message, which must be of {@code type}. */
    public JsonNode next(String type) {
        JsonNode message = next();
        assertEquals(type, message.path("type").asText(), () -> "expected " + type + ", got " + message);
        return message;
    }

    /**
     * Waits for a presence message of {@code topic} saying {@code subscribers}; other messages must not come
     * between. Answers how many presence messages it took, that one included.
     */
    public int awaitPresence(String topic, int subscribers) {
        int seen = 0;
        while (true) {
            JsonNode message = presence.isEmpty() ? read(client.nextText()) : presence.poll();
            assertEquals("presence", message.path("type").asText(), () -> "expected presence, got " + message);
            seen++;
            if (message.get("topic").asText().equals(topic) && message.get("subscribers").asInt() == subscribers) {
                return seen;
            }
        }
    }

    public TestClient.Event.Closed awaitClose() {
        return client.awaitClose();
    }

    public static ObjectNode request(String type, String topic) {
        return JSON.createObjectNode().put("type", type).put("topic", topic);
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
