package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.protocol.PushCodec;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Http;
import io.echopush.testing.PushClient;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Delivery a client can count on, on one node: every message has a position (epoch and seq) that outlives the
 * topic's last subscriber; a client that comes back with its last position gets exactly what it missed, in order,
 * then live ones, or is told {@code recovered:false}; a {@code history} request and {@code GET …/messages} fill a gap.
 */
class ResumeIT extends BuiltWarTest {

    private static final int HISTORY = Integer.parseInt(Setting.HISTORY_SIZE.defaultValue());

    private static String freshTopic() {
        return "resume-" + UUID.randomUUID();
    }

    @Test
    void aClientThatComesBackGetsWhatItMissedInOrderThenLiveOnes() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient publisher = PushClient.connect(urls)) {
            subscribe(publisher, topic, null);
            String epoch;
            try (PushClient away = PushClient.connect(urls)) {
                JsonNode subscribed = subscribe(away, topic, null);
                assertEquals(0, subscribed.get("seq").asLong(), "0 before the first message");
                epoch = subscribed.get("epoch").asText();
                publish(publisher, topic, 1, 3);
                for (int n = 1; n <= 3; n++) {
                    assertMessage(away.next("message"), epoch, n);
                }
            }
            publish(publisher, topic, 4, 8); // while it is away
            try (PushClient back = PushClient.connect(urls)) {
                JsonNode subscribed = subscribe(back, topic, "{\"epoch\":\"" + epoch + "\",\"seq\":3}");
                assertTrue(subscribed.get("recovered").asBoolean(), subscribed.toString());
                assertEquals(epoch, subscribed.get("epoch").asText());
                assertEquals(8, subscribed.get("seq").asLong());
                for (int n = 4; n <= 8; n++) {
                    assertMessage(back.next("message"), epoch, n);
                }
                publish(publisher, topic, 9, 9);
                assertMessage(back.next("message"), epoch, 9);
            }
        }
    }

    @Test
    void aForeignEpochOrAPositionTooOldOrAheadIsNotRecovered() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient publisher = PushClient.connect(urls); PushClient client = PushClient.connect(urls)) {
            subscribe(publisher, topic, null);
            String epoch = subscribe(client, topic, null).get("epoch").asText();
            client.unsubscribe(topic);
            int published = HISTORY + 2; // the first two are no longer kept
            publish(publisher, topic, 1, published);
            for (String since : new String[] {
                    "{\"epoch\":\"not-" + epoch + "\",\"seq\":" + published + "}",
                    "{\"epoch\":\"" + epoch + "\",\"seq\":1}",
                    "{\"epoch\":\"" + epoch + "\",\"seq\":" + (published + 1) + "}"}) {
                JsonNode subscribed = subscribe(client, topic, since);
                assertFalse(subscribed.get("recovered").asBoolean(), since + " → " + subscribed);
                assertEquals(epoch, subscribed.get("epoch").asText(), "where the client stands now");
                assertEquals(published, subscribed.get("seq").asLong());
                client.unsubscribe(topic); // nothing was replayed: the next message is the reply
            }
            JsonNode atTheLimit = subscribe(client, topic, "{\"epoch\":\"" + epoch + "\",\"seq\":2}");
            assertTrue(atTheLimit.get("recovered").asBoolean(), "3.. are all kept: " + atTheLimit);
            assertMessage(client.next("message"), epoch, 3);
        }
    }

    @Test
    void positionsOutliveTheLastSubscriber() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient client = PushClient.connect(urls)) {
            String epoch = subscribe(client, topic, null).get("epoch").asText();
            publish(client, topic, 1, 2);
            client.unsubscribe(topic); // the topic's last subscriber is gone
            client.publish(topic, PushClient.read("{\"n\":3}")); // kept all the same
            JsonNode again = subscribe(client, topic, "{\"epoch\":\"" + epoch + "\",\"seq\":2}");
            assertEquals(epoch, again.get("epoch").asText());
            assertEquals(3, again.get("seq").asLong(), "seq goes on");
            assertTrue(again.get("recovered").asBoolean());
            assertMessage(client.next("message"), epoch, 3);
            publish(client, topic, 4, 4);
        }
    }

    @Test
    void aHistoryRequestFillsAGapWithTheSameMessages() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient publisher = PushClient.connect(urls); PushClient client = PushClient.connect(urls)) {
            subscribe(publisher, topic, null);
            String epoch = subscribe(client, topic, null).get("epoch").asText();
            publish(publisher, topic, 1, 10);
            String fifth = null;
            for (int n = 1; n <= 10; n++) {
                JsonNode message = client.next("message");
                fifth = n == 5 ? message.toString() : fifth;
            }
            client.send("{\"type\":\"history\",\"topic\":\"" + topic + "\",\"since\":{\"epoch\":\"" + epoch
                    + "\",\"seq\":4},\"limit\":3,\"id\":\"h\"}");
            JsonNode history = client.next("history");
            assertEquals("h", history.get("id").asText());
            assertTrue(history.get("recovered").asBoolean());
            assertEquals(10, history.get("seq").asLong());
            assertEquals(3, history.get("messages").size());
            assertEquals(fifth, history.get("messages").get(0).toString(), "the same message, the same bytes");
            assertMessage(history.get("messages").get(2), epoch, 7);

            client.send("{\"type\":\"history\",\"topic\":\"" + topic + "\",\"since\":{\"epoch\":\"" + epoch
                    + "\",\"seq\":-1}}");
            assertTrue(client.next("error").get("reason").asText().startsWith("invalid \"since\""));
            assertEquals(1, client.subscribe("still-open"), "the session goes on");
        }
    }

    @Test
    void otherSystemsReadTheSameOverHttp() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient publisher = PushClient.connect(urls); PushClient client = PushClient.connect(urls)) {
            subscribe(publisher, topic, null);
            String epoch = subscribe(client, topic, null).get("epoch").asText();
            publish(publisher, topic, 1, 6);
            HttpResponse<String> page = get(urls, topic + "/messages?epoch=" + epoch + "&since=4&limit=5", true);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode history = PushClient.read(page.body());
            assertEquals("history", history.get("type").asText());
            assertEquals(2, history.get("messages").size());
            assertMessage(history.get("messages").get(1), epoch, 6);
            for (String bad : new String[] {"?since=4", "?epoch=" + epoch + "&since=x", "?limit=0",
                    "?limit=" + (PushCodec.MAX_HISTORY_LIMIT + 1)}) {
                HttpResponse<String> refused = get(urls, topic + "/messages" + bad, true);
                assertEquals(400, refused.statusCode(), bad);
                assertTrue(PushClient.read(refused.body()).has("reason"), refused.body());
            }
            assertEquals(401, get(urls, topic + "/messages", false).statusCode());
            assertTrue(ServerMetrics.sum(ServerMetrics.scrape(urls), "echopush_history_bytes") > 0,
                    "/metrics shows what the histories keep");
        }
    }

    private static JsonNode subscribe(PushClient client, String topic, String since) {
        client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"" + (since == null ? "" : ",\"since\":" + since)
                + "}");
        return client.next("subscribed");
    }

    /** Publishes {"n":from..to}; the publisher is subscribed, so its own copies say they are stored and sent. */
    private static void publish(PushClient publisher, String topic, int from, int to) {
        for (int n = from; n <= to; n++) {
            publisher.publish(topic, PushClient.read("{\"n\":" + n + "}"));
            assertEquals(n, publisher.next("message").get("data").get("n").asInt());
        }
    }

    private static void assertMessage(JsonNode message, String epoch, long n) {
        assertEquals(epoch, message.get("epoch").asText(), message::toString);
        assertEquals(n, message.get("seq").asLong(), message::toString);
        assertEquals(n, message.get("data").get("n").asLong(), message::toString);
    }

    private static HttpResponse<String> get(AppUrls urls, String path, boolean signedIn) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(urls.http("api/topics/" + path)).timeout(TestClient.TIMEOUT);
        if (signedIn) {
            request.header("Authorization", TestUsers.PUBLISHER.basicAuthorization());
        }
        return Http.CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
