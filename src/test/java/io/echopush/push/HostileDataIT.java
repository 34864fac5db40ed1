package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.protocol.PushCodec;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Http;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data UTF-8 cannot encode exactly (a {@code \}{@code u} escape of a lone surrogate, in any string or
 * key, at any depth) is refused where it enters, on every publish path, before anything is delivered. Once, one
 * anonymous message closed every subscriber of its topic with 1011 on Tomcat and reached them as {@code ?} on
 * WildFly. What is delivered is byte-identical for every subscriber. A number no decimal can hold is refused as
 * invalid JSON (it once escaped the codec: 1011 for its sender, a 500 over HTTP).
 */
class HostileDataIT extends BuiltWarTest {

    /** The attack exactly as it was reported. */
    private static final String ATTACK = "{\"type\":\"publish\",\"topic\":\"victims\",\"data\":\"\\udc00 hi\"}";
    /** Everything that must come through exactly: a pair, escapes, a number's trailing zero and its digits. */
    private static final String GOOD_DATA = "{\"text\":\"h\\u00e9llo \\ud83d\\ude00 \\\"q\\\" \\n\",\"n\":1.10,"
            + "\"big\":123456789012345678901234567890.5,\"list\":[null,true,-0.0e5]}";

    @Test
    void theReportedAttackIsRefusedAndNoSubscriberNoticesAnything() {
        AppUrls urls = AppUrls.of(base);
        double sendFailures = ServerMetrics.sum(ServerMetrics.scrape(urls), "echopush_send_failures_total");
        List<PushClient> victims = new ArrayList<>();
        try (PushClient attacker = PushClient.connect(urls)) {
            for (int i = 0; i < 5; i++) {
                victims.add(PushClient.connect(urls));
                victims.get(i).subscribe("victims");
            }
            attacker.subscribe("victims");
            attacker.send(ATTACK);
            assertUnencodableRefusal(attacker.next("error"));

            attacker.send("{\"type\":\"publish\",\"topic\":\"victims\",\"data\":" + GOOD_DATA + "}");
            String delivered = assertExact(attacker.next("message"));
            for (PushClient victim : victims) {
                assertEquals(delivered, victim.next("message").toString(), "the same bytes for every subscriber");
            }
            assertEquals(sendFailures, ServerMetrics.sum(ServerMetrics.scrape(urls), "echopush_send_failures_total"),
                    "no send failed");
        } finally {
            victims.forEach(PushClient::close);
        }
    }

    /** Anywhere in the message: in a key, deep down, a high half alone, at the end, in the request's id. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"publish\",\"topic\":\"victims\",\"data\":{\"\\udc00\":1}}",
            "{\"type\":\"publish\",\"topic\":\"victims\",\"data\":[[{\"a\":[\"ok\",\"\\ud83d\"]}]]}",
            "{\"type\":\"publish\",\"topic\":\"victims\",\"data\":\"pair then half \\ud83d\\ude00\\ud83d\"}",
            "{\"type\":\"publish\",\"topic\":\"victims\",\"data\":\"reversed \\ude00\\ud83d\"}",
            "{\"type\":\"publish\",\"topic\":\"victims\",\"data\":1,\"id\":\"\\udfff\"}",
            "{\"type\":\"subscribe\",\"topic\":\"victims\",\"note\":\"\\ud800\"}",
    })
    void aLoneSurrogateAnywhereIsRefusedAndTheSessionGoesOn(String message) {
        AppUrls urls = AppUrls.of(base);
        try (PushClient subscriber = PushClient.connect(urls); PushClient sender = PushClient.connect(urls)) {
            subscriber.subscribe("victims");
            sender.send(message);
            JsonNode error = sender.next("error");
            assertTrue(error.get("reason").asText().startsWith(PushCodec.UNENCODABLE)
                    || error.get("reason").asText().startsWith("invalid \"id\""), error.toString());
            assertMarkerIsNextFor(sender, subscriber);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483648", "[1E0000000010000000000000]", "{\"a\":-1e-2147483649}"})
    void aNumberOutOfRangeIsInvalidJsonOnEveryPath(String data) throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (PushClient subscriber = PushClient.connect(urls); PushClient sender = PushClient.connect(urls)) {
            subscriber.subscribe("victims");
            sender.send("{\"type\":\"publish\",\"topic\":\"victims\",\"data\":" + data + ",\"id\":1}");
            assertEquals("not valid JSON (a number out of range)", sender.next("error").get("reason").asText());
            HttpResponse<String> refused = post(urls, data);
            assertEquals(400, refused.statusCode());
            assertEquals("not valid JSON (a number out of range)", PushClient.read(refused.body()).get("reason").asText());
            assertMarkerIsNextFor(sender, subscriber);
        }
    }

    @Test
    void theHttpApiRefusesItWith400AndAJsonReason() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (PushClient subscriber = PushClient.connect(urls)) {
            subscriber.subscribe("victims");
            HttpResponse<String> refused = post(urls, "{\"deep\":[{\"k\\udc00\":\"v\"}]}");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertUnencodableRefusal(PushClient.read(refused.body()));

            assertEquals(202, post(urls, GOOD_DATA).statusCode());
            JsonNode message = subscriber.next("message");
            assertExact(message);
            assertEquals("test-publisher", message.get("from").asText());
        }
    }

    @Test
    void aSignedInPublisherSocketIsRefusedTooAndStaysOpen() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (PushClient subscriber = PushClient.connect(urls);
                RawWebSocket publisher = RawWebSocket.open(urls.ws("api/push"), Map.of(
                        "Authorization", TestUsers.PUBLISHER.basicAuthorization(),
                        "Sec-WebSocket-Protocol", PushClient.PROTOCOL))) {
            assertEquals(101, publisher.handshake().status());
            subscriber.subscribe("victims");
            publisher.sendText(ATTACK);
            assertUnencodableRefusal(PushClient.read(publisher.readMessage().text()));
            publisher.sendText("{\"type\":\"publish\",\"topic\":\"victims\",\"data\":" + GOOD_DATA + "}");
            assertExact(subscriber.next("message"));
        }
    }

    private static void assertUnencodableRefusal(JsonNode error) {
        String reason = error.get("reason").asText();
        assertTrue(reason.startsWith(PushCodec.UNENCODABLE) && reason.contains("lone surrogate"), error.toString());
        assertTrue(!reason.contains(" hi") && !reason.contains("\"v\""), "a reason never quotes the data: " + reason);
    }

    /** The message carries {@link #GOOD_DATA} exactly; answers its text as received. */
    private static String assertExact(JsonNode message) {
        JsonNode data = message.get("data");
        assertEquals("h\u00e9llo \ud83d\ude00 \"q\" \n", data.get("text").asText());
        assertEquals("1.10", data.get("n").toString());
        assertEquals("123456789012345678901234567890.5", data.get("big").toString());
        assertEquals(PushClient.read(GOOD_DATA).toString(), data.toString());
        return message.toString();
    }

    private static void assertMarkerIsNextFor(PushClient publisher, PushClient subscriber) {
        publisher.send("{\"type\":\"publish\",\"topic\":\"victims\",\"data\":\"marker\"}");
        assertEquals("marker", subscriber.next("message").get("data").asText(), "nothing came before the marker");
    }

    private static HttpResponse<String> post(AppUrls urls, String body) throws Exception {
        return Http.CLIENT.send(HttpRequest.newBuilder(urls.http("api/topics/victims"))
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
