package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.protocol.PushCodec;
import io.echopush.support.ExactJson;
import io.echopush.testing.JsonTexts;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestClient;
import io.echopush.testing.TyrusTestServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The push.v1 conversation through real sockets (the endpoint on Tyrus's standalone server): for any JSON value, a
 * publish either reaches every subscriber as exactly that value, byte-identical, or is refused with an
 * {@code error}, and never fails a send or closes a bystander; any sequence of client messages leaves the session
 * open and answering, or closed with one of the documented codes.
 */
class PushConversationPropertyTest {

    private static final int LIMIT = Integer.parseInt(Setting.MAX_MESSAGE_BYTES.defaultValue());
    /** /push closes with these only: binary (1003), bad or too fast (1008), too big (1009). */
    private static final Set<Integer> DOCUMENTED_CLOSES = Set.of(1003, 1008, 1009);
    private static final Set<String> SERVER_TYPES = Set.of("subscribed", "unsubscribed", "message", "presence",
            "dropped", "error");

    @RegisterExtension
    static final TyrusTestServer SERVER = new TyrusTestServer();

    private static PushClient bystanderA;
    private static PushClient bystanderB;
    private static PushClient marker;
    private static int markers;

    @BeforeAll
    static void bystanders() {
        bystanderA = PushClient.connect(SERVER.urls());
        bystanderB = PushClient.connect(SERVER.urls());
        marker = PushClient.connect(SERVER.urls());
        for (PushClient bystander : List.of(bystanderA, bystanderB)) {
            bystander.subscribe("t");
            bystander.subscribe("u");
        }
    }

    @AfterAll
    static void leave() {
        List.of(bystanderA, bystanderB, marker).forEach(PushClient::close);
    }

    @Test
    void aPublishReachesEverySubscriberExactlyOrIsRefused() {
        qt().withExamples(300).forAll(JsonTexts.values()).checkAssert(data -> {
            try (PushClient publisher = PushClient.connect(SERVER.urls())) {
                publisher.subscribe("t"); // the publisher is a subscriber too, as in the reported attack
                publisher.send("{\"type\":\"publish\",\"topic\":\"t\",\"data\":" + data.text() + ",\"id\":\"p\"}");
                JsonNode first = publisher.next();
                if (first.get("type").asText().equals("error")) {
                    String reason = first.get("reason").asText();
                    assertTrue(!data.encodable() || reason.startsWith("not valid JSON"), first::toString);
                    if (reason.startsWith(PushCodec.UNENCODABLE)) {
                        assertEquals("p", first.path("id").asText(), "the error names the request");
                    }
                    assertMarkerIsNext(publisher);
                    return;
                }
                assertTrue(data.encodable(), "delivered what UTF-8 cannot carry: " + first);
                assertTrue(JsonTexts.sameValue(read(data.text()), first.get("data")),
                        () -> data + " arrived as " + first.get("data"));
                for (PushClient bystander : List.of(bystanderA, bystanderB)) {
                    assertEquals(first.toString(), bystander.next("message").toString(), "the same for everyone");
                }
                assertMarkerIsNext(publisher);
            }
        });
    }

    /** Requests, some valid, some mutated, some hostile, in any order. */
    private static Gen<List<String>> conversations() {
        Gen<String> topic = Generate.pick(List.of("t", "u", "v", "clock", "", "bad topic", "x".repeat(65)));
        Gen<String> type = Generate.pick(List.of("subscribe", "unsubscribe", "publish", "nope"));
        Gen<String> id = Generate.pick(List.of("", ",\"id\":1", ",\"id\":\"a\"", ",\"id\":[]"));
        Gen<String> request = type.zip(topic, JsonTexts.values(), id, (kind, name, data, requestId) ->
                "{\"type\":\"" + kind + "\",\"topic\":\"" + name + "\",\"data\":" + data.text() + requestId + "}");
        Gen<String> mutated = request.zip(Generate.range(0, 1000), Generate.range(' ', '~'), (text, at, c) -> {
            int i = at % (text.length() + 1);
            return at % 2 == 0 ? text.substring(0, i) + (char) (int) c + text.substring(i) : text.substring(0, i);
        });
        Gen<String> special = Generate.pick(List.of("BINARY", "PING", "BIG", "[]", "null", "\"\\udc00 hi\"",
                "{\"type\":\"publish\",\"topic\":\"t\",\"data\":\"\\udc00 hi\"}"));
        return lists().of(Generate.frequency(List.of(Pair.of(5, request), Pair.of(3, mutated), Pair.of(1, special))))
                .ofSizeBetween(1, 12);
    }

    @Test
    void anySequenceLeavesTheSessionAnsweringOrClosedWithADocumentedCode() {
        qt().withExamples(200).forAll(conversations()).checkAssert(sent -> {
            try (PushClient client = PushClient.connect(SERVER.urls())) {
                for (String message : sent) {
                    switch (message) {
                        case "BINARY" -> client.raw().sendBinary(new byte[] {1});
                        case "PING" -> client.raw().sendPing(new byte[] {2});
                        case "BIG" -> client.send("\"" + "x".repeat(LIMIT - 1) + "\"");
                        default -> client.send(message);
                    }
                }
                client.send("{\"type\":\"subscribe\",\"topic\":\"probe\",\"id\":\"probe\"}");
                // a message that closes the session (binary, too big) may make the client's next write fail first
                awaitAnswerOrDocumentedClose(client, sent.contains("BINARY") || sent.contains("BIG"));
            }
            assertMarkerIsNext(null);
        });
    }

    private static void awaitAnswerOrDocumentedClose(PushClient client, boolean mayBeCut) {
        while (true) {
            TestClient.Event event = client.raw().next();
            if (event instanceof TestClient.Event.Failed failed && mayBeCut) {
                return; // the server closed while this client still wrote: its write failed before the close was read
            }
            if (event instanceof TestClient.Event.Closed closed) {
                assertTrue(DOCUMENTED_CLOSES.contains(closed.code()), "closed with " + closed);
                return;
            }
            if (event instanceof TestClient.Event.Text text) {
                JsonNode reply = read(text.text());
                assertTrue(SERVER_TYPES.contains(reply.path("type").asText()), text.text());
                if (reply.path("type").asText().equals("subscribed") && reply.path("id").asText().equals("probe")) {
                    return; // open and answering
                }
            } else {
                assertTrue(event instanceof TestClient.Event.Pong, "unexpected " + event);
            }
        }
    }

    /** A marker published to {@code t} is the next message of both bystanders (and {@code publisher}'s, if any). */
    private static void assertMarkerIsNext(PushClient publisher) {
        int n = ++markers;
        marker.send("{\"type\":\"publish\",\"topic\":\"t\",\"data\":{\"marker\":" + n + "}}");
        for (PushClient client : publisher == null ? List.of(bystanderA, bystanderB)
                : List.of(publisher, bystanderA, bystanderB)) {
            awaitMarker(client, n);
        }
    }

    /**
     * Reads up to marker {@code n}: a random conversation may publish to the bystanders' topics too, and an example
     * that failed may have left earlier markers unread; a later marker would mean this one was lost.
     */
    private static void awaitMarker(PushClient client, int n) {
        while (true) {
            JsonNode next = client.next("message");
            int seen = next.path("data").path("marker").asInt(0);
            assertTrue(seen <= n, () -> "marker " + n + " was lost: got " + next);
            if (seen == n && next.get("topic").asText().equals("t")) {
                return;
            }
        }
    }

    private static JsonNode read(String text) {
        try {
            return ExactJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
