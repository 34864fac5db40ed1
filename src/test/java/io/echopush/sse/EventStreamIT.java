package io.echopush.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.SseClient;
import io.echopush.testing.TestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /events}: push.v1 over Server-Sent Events. Each message is an event whose data is byte for byte what
 * {@code /push} sends and whose id is the stream's cursor; {@code Last-Event-ID} resumes every topic of it; what
 * is wrong with a request is refused before anything is held for it, in JSON.
 */
class EventStreamIT extends BuiltWarTest {

    private static final int MAX_TOPICS = Integer.parseInt(Setting.PUSH_MAX_SUBSCRIPTIONS.defaultValue());

    private static String freshTopic() {
        return "sse-" + UUID.randomUUID();
    }

    @Test
    void eventsCarryTheSameJsonAsPushWithTheirPositionsAsIds() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (SseClient stream = SseClient.open(urls, "topic=" + topic);
                TestClient socket = TestClient.connect(urls.ws("push"))) {
            assertEquals(200, stream.status());
            assertTrue(stream.header("Content-Type").startsWith("text/event-stream"), stream.header("Content-Type"));
            assertEquals("no-store", stream.header("Cache-Control"));
            SseClient.Event subscribed = stream.next();
            assertEquals("subscribed", subscribed.name());
            JsonNode reply = PushClient.read(subscribed.data());
            String epoch = reply.get("epoch").asText();
            assertEquals(0, reply.get("seq").asLong());
            assertEquals(topic + ":" + epoch + ":0", subscribed.id());

            socket.sendText("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
            nextOfType(socket, "subscribed");
            for (int n = 1; n <= 5; n++) {
                // beyond ASCII, a line separator and an escaped newline: still one data line, exactly as sent
                socket.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":{\"n\":" + n
                        + ",\"text\":\"é 😀 \u2028 line\\nbreak\"}}");
                String sent = nextOfType(socket, "message");
                SseClient.Event event = stream.next(null);
                assertEquals(sent, event.data(), "the same bytes as on /push");
                assertEquals(topic + ":" + epoch + ":" + n, event.id());
            }
        }
    }

    @Test
    void lastEventIdResumesEveryTopicOfTheStream() {
        AppUrls urls = AppUrls.of(base);
        String a = freshTopic();
        String b = freshTopic();
        String query = "topic=" + a + "&topic=" + b;
        try (PushClient publisher = PushClient.connect(urls)) {
            String epochA;
            String epochB;
            String lastId;
            try (SseClient stream = SseClient.open(urls, query)) {
                epochA = PushClient.read(stream.next("subscribed").data()).get("epoch").asText();
                epochB = PushClient.read(stream.next("subscribed").data()).get("epoch").asText();
                publish(publisher, a, 1);
                publish(publisher, a, 2);
                publish(publisher, b, 1);
                stream.next(null);
                stream.next(null);
                lastId = stream.next(null).id();
            }
            assertEquals(a + ":" + epochA + ":2," + b + ":" + epochB + ":1", lastId, "one cursor, every topic");
            publish(publisher, a, 3); // while it is away
            publish(publisher, b, 2);
            try (SseClient back = SseClient.open(urls, query, Map.of("Last-Event-ID", lastId), 0)) {
                assertTrue(PushClient.read(back.next("subscribed").data()).get("recovered").asBoolean());
                assertEquals(3, n(back.next(null)));
                assertTrue(PushClient.read(back.next("subscribed").data()).get("recovered").asBoolean());
                assertEquals(2, n(back.next(null)));
                publish(publisher, a, 4);
                SseClient.Event live = back.next(null);
                assertEquals(4, n(live));
                assertEquals(a + ":" + epochA + ":4," + b + ":" + epochB + ":2", live.id());
            }
        }
    }

    private static int n(SseClient.Event message) {
        return PushClient.read(message.data()).get("data").get("n").asInt();
    }

    @Test
    void theSinceParameterResumesAsLastEventIdDoesAndAForeignEpochIsNotRecovered() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient publisher = PushClient.connect(urls)) {
            publisher.subscribe(topic);
            publish(publisher, topic, 1);
            publish(publisher, topic, 2);
            String epoch = publisher.next("message").get("epoch").asText();
            publisher.next("message");
            try (SseClient resumed = SseClient.open(urls, "topic=" + topic + "&since=" + topic + ":" + epoch + ":1")) {
                SseClient.Event subscribed = resumed.next("subscribed");
                assertTrue(PushClient.read(subscribed.data()).get("recovered").asBoolean());
                SseClient.Event second = resumed.next(null);
                assertEquals(2, n(second));
                assertEquals(topic + ":" + epoch + ":2", second.id());
            }
            try (SseClient foreign = SseClient.open(urls, "topic=" + topic, Map.of("Last-Event-ID",
                    topic + ":not" + epoch + ":1"), 0)) {
                SseClient.Event subscribed = foreign.next("subscribed");
                JsonNode reply = PushClient.read(subscribed.data());
                assertFalse(reply.get("recovered").asBoolean(), "another epoch: a gap the client is told of");
                assertEquals(topic + ":" + epoch + ":2", subscribed.id(), "where it stands now");
            }
        }
    }

    /**
     * A client that asks for HTTP/2 (the JDK's offers h2c, cleartext, by upgrade) gets the stream whichever version
     * the container answers with: each says which in the log (docs/containers.md has what each did).
     */
    @Test
    void aClientAskingForHttp2GetsTheStreamInWhicheverVersionTheContainerSpeaks() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(TestClient.TIMEOUT).build();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(urls.http("events?topic=" + topic))
                .header("Accept", "text/event-stream").timeout(TestClient.TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        System.out.println("EventStreamIT: /events answered in " + response.version()
                + " to a client offering HTTP/2 on " + System.getProperty("arquillian.launch", "tomcat"));
        assertEquals(200, response.statusCode());
        try (Stream<String> lines = response.body(); PushClient publisher = PushClient.connect(urls)) {
            Iterator<String> events = lines.iterator();
            assertEquals("event: subscribed", firstStartingWith(events, "event: "));
            publish(publisher, topic, 7);
            String data = firstStartingWith(events, "data: {\"type\":\"message\"");
            assertEquals(7, PushClient.read(data.substring("data: ".length())).get("data").get("n").asInt());
        }
    }

    private static String firstStartingWith(Iterator<String> lines, String prefix) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the stream ended before a line starting " + prefix);
    }

    @Test
    void badRequestsAreRefusedInJsonBeforeAnythingIsHeld() {
        AppUrls urls = AppUrls.of(base);
        assertRefused(SseClient.open(urls, "nothing=here"), 400, "name at least one topic");
        assertRefused(SseClient.open(urls, "topic=a%20b"), 400, "invalid topic");
        assertRefused(SseClient.open(urls, "topic=a", Map.of("Last-Event-ID", "a:1"), 0), 400, "invalid position");
        assertRefused(SseClient.open(urls, "topic=a&since=a:e:-1"), 400, "invalid position");
        assertRefused(SseClient.open(urls, topics(MAX_TOPICS + 1)), 400, "at most " + MAX_TOPICS + " topics");
        try (SseClient atTheLimit = SseClient.open(urls, topics(MAX_TOPICS))) {
            assertEquals(200, atTheLimit.status());
            for (int i = 0; i < MAX_TOPICS; i++) {
                assertEquals("subscribed", atTheLimit.next().name());
            }
        }
    }

    @Test
    void aForeignOriginIsRefusedAndThePagesOwnIsServed() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        assertRefused(SseClient.open(urls, "topic=" + topic, Map.of("Origin", "http://evil.example"), 0), 403,
                "origin not allowed");
        try (SseClient own = SseClient.open(urls, "topic=" + topic, Map.of("Origin", urls.origin()), 0);
                SseClient sameOrigin = SseClient.open(urls, "topic=" + topic,
                        Map.of("Sec-Fetch-Site", "same-origin"), 0)) {
            assertEquals("subscribed", own.next().name());
            assertEquals("subscribed", sameOrigin.next().name());
        }
    }

    private static void assertRefused(SseClient client, int status, String reason) {
        try (client) {
            assertEquals(status, client.status());
            assertTrue(client.header("Content-Type").startsWith("application/json"), client.header("Content-Type"));
            String body = client.body();
            assertTrue(PushClient.read(body).get("reason").asText().contains(reason), body);
        }
    }

    private static String topics(int count) {
        String prefix = freshTopic();
        return IntStream.range(0, count).mapToObj(i -> "topic=" + prefix + "-" + i).collect(Collectors.joining("&"));
    }

    private static void publish(PushClient publisher, String topic, int n) {
        publisher.publish(topic, PushClient.read("{\"n\":" + n + "}"));
    }

    /** The next text of {@code type} from a raw /push client, presence skipped. */
    private static String nextOfType(TestClient socket, String type) {
        while (true) {
            String text = socket.nextText();
            String got = PushClient.read(text).get("type").asText();
            if (got.equals(type)) {
                return text;
            }
            assertEquals("presence", got, text);
        }
    }
}
