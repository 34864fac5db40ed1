package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestClient;
import io.echopush.topic.ClockPublisher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** push.v1 as a client uses it: subprotocol, subscribe, publish, unsubscribe, presence. */
class PushProtocolIT extends BuiltWarTest {

    private static String freshTopic() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void aClientOfferingPushV1GetsItAndOneOfferingNothingStillConnects() {
        AppUrls urls = AppUrls.of(base);
        try (TestClient offering = TestClient.connect(urls.ws("push"), "chat.v9", "push.v1");
                TestClient plain = TestClient.connect(urls.ws("push"))) {
            assertEquals("push.v1", offering.subprotocol());
            assertEquals("", plain.subprotocol());
            plain.sendText(PushClient.request("subscribe", "plain").toString());
            assertEquals("subscribed", PushClient.read(plain.nextText()).get("type").asText());
        }
    }

    @Test
    void subscribersReceiveEachPublishWithTheSameDataRisingSeqAndATime() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        List<String> values = List.of("{\"n\":42,\"nested\":{\"list\":[1,2.50,\"x\",null,true]}}", "[]", "\"Grüße 👋\"",
                "12345678901234567890123", "1.10", "-0.0e-7", "null", "false");
        try (PushClient alice = PushClient.connect(urls); PushClient bob = PushClient.connect(urls);
                PushClient outsider = PushClient.connect(urls)) {
            assertEquals(1, alice.subscribe(topic));
            assertEquals(2, bob.subscribe(topic));
            assertEquals(1, outsider.subscribe("elsewhere-" + topic));

            Instant before = Instant.now().minusSeconds(1);
            for (String value : values) {
                outsider.publish(topic, PushClient.read(value));
            }
            for (PushClient subscriber : List.of(alice, bob)) {
                long firstSeq = -1;
                for (int i = 0; i < values.size(); i++) {
                    JsonNode message = subscriber.next("message");
                    assertEquals(topic, message.get("topic").asText());
                    assertEquals(PushClient.read(values.get(i)), message.get("data"), "data as published");
                    long seq = message.get("seq").asLong();
                    if (i == 0) {
                        firstSeq = seq;
                    }
                    assertEquals(firstSeq + i, seq, "seq rises by 1");
                    Instant time = Instant.parse(message.get("time").asText());
                    assertTrue(!time.isBefore(before) && time.isBefore(Instant.now().plusSeconds(1)), "time " + time);
                }
                assertEquals(1, firstSeq, "a new topic's first message");
            }
            // The publisher was not subscribed: its next message is its own, not a copy of the topic's.
            outsider.unsubscribe("elsewhere-" + topic);
        }
    }

    @Test
    void thePublisherReceivesItsOwnMessageWhenSubscribed() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient client = PushClient.connect(urls)) {
            client.subscribe(topic);
            client.publish(topic, PushClient.read("{\"mine\":true}"));
            assertEquals(PushClient.read("{\"mine\":true}"), client.next("message").get("data"));
        }
    }

    @Test
    void afterUnsubscribeNothingMoreArrivesAndResubscribingWorks() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        String marker = freshTopic();
        try (PushClient subscriber = PushClient.connect(urls); PushClient publisher = PushClient.connect(urls)) {
            subscriber.subscribe(topic);
            subscriber.subscribe(marker);
            subscriber.unsubscribe(topic);
            publisher.publish(topic, PushClient.read("\"lost\""));
            publisher.publish(marker, PushClient.read("\"marker\""));
            // Messages of one session arrive in order: had the first reached us, it would come before the marker.
            JsonNode next = subscriber.next("message");
            assertEquals(marker, next.get("topic").asText());

            // Unsubscribing again is harmless; so is subscribing twice (one subscription, counted once).
            subscriber.unsubscribe(topic);
            assertEquals(1, subscriber.subscribe(topic));
            assertEquals(1, subscriber.subscribe(topic));
        }
    }

    @Test
    void subscribersHearPresenceWhenSomeoneJoinsOrLeaves() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient first = PushClient.connect(urls)) {
            first.subscribe(topic);
            first.awaitPresence(topic, 1);
            try (PushClient second = PushClient.connect(urls)) {
                assertEquals(2, second.subscribe(topic));
                first.awaitPresence(topic, 2);
                second.awaitPresence(topic, 2);
            }
            // The second one's connection ended without an unsubscribe: it left the topic all the same.
            first.awaitPresence(topic, 1);
        }
    }

    @Test
    void presenceIsCoalescedNotOnePerJoin() {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic();
        try (PushClient watcher = PushClient.connect(urls)) {
            watcher.subscribe(topic);
            watcher.awaitPresence(topic, 1);
            PushClient[] joiners = new PushClient[20];
            try {
                for (int i = 0; i < joiners.length; i++) {
                    joiners[i] = PushClient.connect(urls);
                    joiners[i].subscribe(topic);
                }
                // Twenty joins in a few intervals: the watcher hears a few counts, not twenty updates.
                int heard = watcher.awaitPresence(topic, 21);
                assertTrue(heard < 10, "presence messages for 20 joins: " + heard);
            } finally {
                for (PushClient joiner : joiners) {
                    if (joiner != null) {
                        joiner.close();
                    }
                }
            }
        }
    }

    /** A client may tag a request with its own "id": the reply, or the error, carries it back. */
    @Test
    void repliesAndErrorsCarryTheRequestsId() {
        String topic = freshTopic();
        try (PushClient client = PushClient.connect(AppUrls.of(base))) {
            client.send(PushClient.request("subscribe", topic).put("id", "s-1"));
            assertEquals("s-1", client.next("subscribed").get("id").asText());
            client.send(PushClient.request("unsubscribe", topic).put("id", 2));
            assertEquals(2, client.next("unsubscribed").get("id").asInt());
            client.send(PushClient.request("publish", ClockPublisher.TOPIC).put("id", "p-3").put("data", 1));
            JsonNode error = client.next("error");
            assertEquals("p-3", error.get("id").asText(), "the error names the request it answers");
            // Without an id, replies carry none.
            client.send(PushClient.request("subscribe", topic));
            assertTrue(client.next("subscribed").path("id").isMissingNode());
        }
    }
}
