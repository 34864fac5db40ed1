package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import io.echopush.testing.TooBig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/topics/{topic}}: other systems publish over HTTP. Only users in role publisher may; what they
 * send reaches the topic's WebSocket subscribers as {@code data}; bad requests get a status and a JSON reason.
 */
class PublishApiIT extends BuiltWarTest {

    private static final int LIMIT = Integer.parseInt(Setting.MAX_MESSAGE_BYTES.defaultValue());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestClient.TIMEOUT).build();
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().connectTimeout(TestClient.TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    private static String freshTopic() {
        return "http-" + UUID.randomUUID();
    }

    @Test
    void aPublisherReachesEverySubscriberAndHears202WithTheCount() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient first = PushClient.connect(urls); PushClient second = PushClient.connect(urls)) {
            first.subscribe(topic);
            second.subscribe(topic);
            String body = "{\"from\":\"billing\",\"amount\":12.50,\"tags\":[\"a\",\"ü\"]}";

            HttpResponse<String> response = post(urls, topic, TestUsers.PUBLISHER, json(body));

            assertEquals(202, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode answer = PushClient.read(response.body());
            assertEquals(topic, answer.get("topic").asText());
            assertEquals(2, answer.get("subscribers").asInt());
            assertEquals(1, answer.get("seq").asLong(), "the message's position");
            assertTrue(answer.get("everyNode").asBoolean(), "one node: every node");
            for (PushClient subscriber : new PushClient[] {first, second}) {
                JsonNode message = subscriber.next("message");
                assertEquals(topic, message.get("topic").asText());
                assertEquals(PushClient.read(body), message.get("data"), "the body, as data, exactly");
                assertEquals(answer.get("epoch"), message.get("epoch"));
                assertEquals(1, message.get("seq").asLong());
            }
        }
    }

    @Test
    void aTopicWithoutSubscribersAccepts202WithZero() throws Exception {
        HttpResponse<String> response = post(AppUrls.of(base), freshTopic(), TestUsers.PUBLISHER, json("42"));
        assertEquals(202, response.statusCode());
        JsonNode answer = PushClient.read(response.body());
        assertEquals(0, answer.get("subscribers").asInt());
        assertFalse(answer.has("seq"), "nobody to number it for: " + answer);
    }

    @Test
    void withoutCredentialsOrWithAWrongPassword401AndNothingIsPublished() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient subscriber = PushClient.connect(urls)) {
            subscriber.subscribe(topic);

            HttpResponse<String> anonymous = send(request(urls, topic).POST(json("\"anonymous\"")));
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                    "the client is told to authenticate with BASIC");
            if (TooBig.CONTAINER.equals("jetty")) {
                // Jetty 12 answers its authenticator's 401 itself, past web.xml's error pages (D43).
                assertTrue(anonymous.body().contains("401"), () -> "Jetty's own page: " + anonymous.body());
            } else {
                assertJsonReason(anonymous, "sign in");
            }

            String wrong = "Basic " + Base64.getEncoder()
                    .encodeToString("test-publisher:not-the-password".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, send(request(urls, topic).header("Authorization", wrong)
                    .POST(json("\"wrong password\""))).statusCode());

            assertOnlyTheMarkerArrives(urls, topic, subscriber);
        }
    }

    @Test
    void anAuthenticatedUserWithoutThePublisherRoleGets403AndNothingIsPublished() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient subscriber = PushClient.connect(urls)) {
            subscriber.subscribe(topic);
            HttpResponse<String> refused = post(urls, topic, TestUsers.READER, json("\"no role\""));
            assertEquals(403, refused.statusCode());
            assertJsonReason(refused, "this user may not publish over HTTP: the role publisher is missing");
            assertOnlyTheMarkerArrives(urls, topic, subscriber);
        }
        // the same constraint guards the rest of /api/: each 403 names what was refused
        String reader = TestUsers.READER.basicAuthorization();
        HttpResponse<String> history = send(HttpRequest.newBuilder(urls.http("api/topics/" + topic + "/messages"))
                .timeout(TestClient.TIMEOUT).header("Authorization", reader).GET());
        assertEquals(403, history.statusCode());
        assertJsonReason(history, "this user may not read a topic's history over HTTP");
        HttpResponse<String> session = send(HttpRequest.newBuilder(urls.http("api/session"))
                .timeout(TestClient.TIMEOUT).header("Authorization", reader).POST(BodyPublishers.noBody()));
        assertEquals(403, session.statusCode());
        assertJsonReason(session, "this user may not sign in or out at /api/session");
    }

    /** Below /api/ the container's own 404 is JSON too, as every other answer of the API. */
    @Test
    void anUnknownApiPathGets404AsJson() throws Exception {
        AppUrls urls = AppUrls.of(base);
        HttpResponse<String> missing = send(HttpRequest.newBuilder(urls.http("api/no-such-thing"))
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization()).GET());
        assertEquals(404, missing.statusCode());
        assertJsonReason(missing, "no such resource");
    }

    /** The container's own error, answered as the API answers: JSON with a reason, on every container. */
    private static void assertJsonReason(HttpResponse<String> response, String reasonPart) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> "JSON, not the container's page: " + response.headers().map() + " " + response.body());
        String reason = PushClient.read(response.body()).path("reason").asText();
        assertTrue(reason.contains(reasonPart), () -> "reason: " + response.body());
    }

    @Test
    void badJsonGets400WithAReason() throws Exception {
        AppUrls urls = AppUrls.of(base);
        for (String bad : new String[] {"", "{", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}", "nope", "'single'"}) {
            assertRefused(post(urls, freshTopic(), TestUsers.PUBLISHER, json(bad)), 400, "JSON");
        }
        byte[] notUtf8 = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertRefused(post(urls, freshTopic(), TestUsers.PUBLISHER, BodyPublishers.ofByteArray(notUtf8)), 400,
                "UTF-8");
    }

    @Test
    void aBadTopicGets400AndTheClockIsTheServers() throws Exception {
        AppUrls urls = AppUrls.of(base);
        for (String bad : new String[] {"has%20space", "x".repeat(65), "sl/ash", "%C3%BC"}) {
            assertRefused(post(urls, bad, TestUsers.PUBLISHER, json("1")), 400, "topic");
        }
        assertRefused(post(urls, "", TestUsers.PUBLISHER, json("1")), 400, "topic");
        assertRefused(post(urls, "clock", TestUsers.PUBLISHER, json("1")), 400, "server only");
        // 64 characters is the longest name
        assertEquals(202, post(urls, "x".repeat(64), TestUsers.PUBLISHER, json("1")).statusCode());
    }

    @Test
    void aBodyNotDeclaredAsJsonGets415() throws Exception {
        AppUrls urls = AppUrls.of(base);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
                "application/json; charset=ISO-8859-1"}) {
            assertRefused(post(urls, freshTopic(), TestUsers.PUBLISHER, type, json("{}")), 415, "JSON");
        }
        String vendorType = "application/vnd.example+json; charset=utf-8";
        assertEquals(202, post(urls, freshTopic(), TestUsers.PUBLISHER, vendorType, json("{}")).statusCode());
    }

    @Test
    void theBodyLimitIsTheMessageLimitAtMinusOneEqualAndPlusOne() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient subscriber = PushClient.connect(urls)) {
            subscriber.subscribe(topic);
            assertEquals(202, post(urls, topic, TestUsers.PUBLISHER, json(jsonString(LIMIT - 1))).statusCode());
            assertEquals(202, post(urls, topic, TestUsers.PUBLISHER, json(jsonString(LIMIT))).statusCode());
            assertEquals(LIMIT - 3, subscriber.next("message").get("data").asText().length());
            assertEquals(LIMIT - 2, subscriber.next("message").get("data").asText().length());

            // A declared length over the limit is refused unread. Over HTTP/1.1 on purpose: GlassFish 7.0.25 accepts
            // the JDK client's h2c upgrade, and its HTTP/2 (Grizzly) never ends a response sent before the request
            // body was read once the unread rest exceeds the stream's flow-control window (64 KiB): the 413's
            // headers and body arrive, END_STREAM never does. RFC 9113 §8.1 lets a server answer early and then
            // reset the stream with NO_ERROR; Grizzly does neither, so the client times out. Tomcat declines h2c,
            // so this is what every container answers over HTTP/1.1.
            assertRefused(send(HTTP_1_1, request(urls, topic)
                    .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                    .header("Content-Type", "application/json").POST(json(jsonString(LIMIT + 1)))), 413,
                    String.valueOf(LIMIT));
            // Without a declared length (chunked), the server counts as it reads.
            BodyPublisher chunked = BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(jsonString(LIMIT + 1).getBytes(StandardCharsets.UTF_8)));
            assertRefused(post(urls, topic, TestUsers.PUBLISHER, chunked), 413, String.valueOf(LIMIT));
            assertOnlyTheMarkerArrives(urls, topic, subscriber);
        }
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> get = send(request(AppUrls.of(base), freshTopic())
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization()).GET());
        assertEquals(405, get.statusCode());
    }

    /** A JSON string of exactly {@code bytes} bytes, quotes included. */
    private static String jsonString(int bytes) {
        return "\"" + "p".repeat(bytes - 2) + "\"";
    }

    /** Publishes a marker: if anything refused had been published, it would arrive before the marker. */
    private static void assertOnlyTheMarkerArrives(AppUrls urls, String topic, PushClient subscriber)
            throws Exception {
        assertEquals(202, post(urls, topic, TestUsers.PUBLISHER, json("\"marker\"")).statusCode());
        assertEquals("marker", subscriber.next("message").get("data").asText());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reasonMentions) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String reason = PushClient.read(response.body()).get("reason").asText();
        assertTrue(reason.contains(reasonMentions), "reason: " + reason);
    }

    private static BodyPublisher json(String body) {
        return BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(AppUrls urls, String topic, TestUsers user, BodyPublisher body)
            throws IOException, InterruptedException {
        return post(urls, topic, user, "application/json", body);
    }

    private static HttpResponse<String> post(AppUrls urls, String topic, TestUsers user, String contentType,
            BodyPublisher body) throws IOException, InterruptedException {
        return send(request(urls, topic).header("Authorization", user.basicAuthorization())
                .header("Content-Type", contentType).POST(body));
    }

    private static HttpRequest.Builder request(AppUrls urls, String topic) {
        return HttpRequest.newBuilder(urls.http("api/topics/" + topic)).timeout(TestClient.TIMEOUT);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(HTTP, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
