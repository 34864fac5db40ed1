package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Oversize;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.TestClient;
import io.echopush.testing.TooBig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input on /push: every kind gets an {@code error} with a reason and the session goes on working; a client
 * that keeps sending bad messages past its allowance is closed with 1008; an oversized message with 1009.
 */
class PushBadInputIT extends BuiltWarTest {

    private static final int ALLOWANCE = Integer.parseInt(Setting.PUSH_BAD_MESSAGES_PER_MINUTE.defaultValue());
    private static final int LIMIT = Integer.parseInt(Setting.MAX_MESSAGE_BYTES.defaultValue());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON at all                                             | not valid JSON",
            "{\"type\":\"subscribe\",\"topic\":\"a\"                     | not valid JSON",
            "[\"subscribe\",\"a\"]                                       | a message must be a JSON object",
            "42                                                          | a message must be a JSON object",
            "{\"topic\":\"a\"}                                           | missing \"type\"",
            "{\"type\":\"dance\",\"topic\":\"a\"}                        | unknown \"type\"",
            "{\"type\":\"subscribe\"}                                    | missing \"topic\"",
            "{\"type\":\"publish\",\"data\":1}                           | missing \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":\"has space\"}            | invalid \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":\"\"}                     | invalid \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"} | invalid \"topic\"",
            "{\"type\":\"unsubscribe\",\"topic\":7}                      | invalid \"topic\"",
            "{\"type\":\"publish\",\"topic\":\"a\"}                      | missing \"data\"",
            "{\"type\":\"publish\",\"topic\":\"clock\",\"data\":{}}      | \"clock\" is published by the server only",
    })
    void eachBadInputGetsAnErrorAndTheSessionStaysUsable(String bad, String reason) {
        try (PushClient client = PushClient.connect(AppUrls.of(base))) {
            client.send(bad);
            JsonNode error = client.next("error");
            assertTrue(error.get("reason").asText().startsWith(reason), error.toString());
            assertEquals(2, error.size(), "an error is {type, reason}: " + error);
            // Still open and in order: the next request is served.
            assertEquals(1, client.subscribe("after-bad-input-" + Math.abs(bad.hashCode())));
        }
    }

    @Test
    void aSixtyFourCharacterTopicIsFine() {
        try (PushClient client = PushClient.connect(AppUrls.of(base))) {
            assertEquals(1, client.subscribe("y".repeat(64)));
        }
    }

    /** RFC 6455 §7.4.1: 1003 is for "a type of data it cannot accept"; Tomcat would drop it silently. */
    @Test
    void aBinaryMessageCloses1003AndOthersGoOn() {
        AppUrls urls = AppUrls.of(base);
        try (PushClient client = PushClient.connect(urls); PushClient bystander = PushClient.connect(urls)) {
            client.raw().sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, client.awaitClose().code());
            assertEquals(1, bystander.subscribe("after-binary"));
        }
    }

    /**
     * Up to the size limit, as the first frame of a connection too, sent the moment the 101 is read: WildFly held
     * such frames to its 8 KiB default (1009) until the binary handler was whole (D31). Over the limit: 1009.
     */
    @Test
    void aBinaryMessageAtTheSizeLimitCloses1003EvenAsTheFirstFrame() throws IOException {
        URI push = AppUrls.of(base).ws("push");
        for (int i = 0; i < 40; i++) {
            try (RawWebSocket raw = RawWebSocket.open(push, Map.of("Sec-WebSocket-Protocol", PushClient.PROTOCOL))) {
                assertEquals(101, raw.handshake().status());
                raw.send(RawWebSocket.BINARY, new byte[LIMIT]);
                assertEquals(1003, raw.awaitCloseCode(), "connection " + i);
            }
        }
    }

    @Test
    void aBinaryMessageOneByteOverTheSizeLimitCloses1009() {
        try (PushClient client = PushClient.connect(AppUrls.of(base))) {
            client.raw().sendBinary(new byte[LIMIT + 1]);
            TestClient.Event.Closed closed = client.awaitClose();
            TooBig.assertClosed(TooBig.CONTAINER, "push", true, LIMIT + 1, LIMIT + 1, closed.code(), closed.reason());
        }
    }

    /** Far over the limit, in one frame or in 1 MiB frames: closed as TooBig says for each container (D36). */
    @ParameterizedTest(name = "{0} of {1} MiB in frames of {2} MiB (0: one frame)")
    @CsvSource({"TEXT, 8, 0", "TEXT, 16, 0", "BINARY, 8, 0", "BINARY, 16, 0", "TEXT, 16, 1", "BINARY, 16, 1"})
    void mebibytesOverTheLimitAreClosedAsTooBig(String type, int mebibytes, int frameMebibytes)
            throws Exception {
        int opcode = type.equals("TEXT") ? RawWebSocket.TEXT : RawWebSocket.BINARY;
        RawWebSocket.Frame close = Oversize.closeFor(AppUrls.of(base).ws("push"), opcode, mebibytes << 20,
                frameMebibytes << 20);
        TooBig.assertClosed(TooBig.CONTAINER, "push", opcode == RawWebSocket.BINARY, mebibytes << 20,
                frameMebibytes == 0 ? mebibytes << 20 : frameMebibytes << 20, close.closeCode(), close.closeReason());
    }

    /** The allowance is a burst of {@code ALLOWANCE}: at allowance − 1 and at it the session stays; one more closes it. */
    @Test
    void badMessagesUpToTheAllowanceAreAnsweredAndOneMoreCloses1008() {
        try (PushClient client = PushClient.connect(AppUrls.of(base))) {
            for (int i = 1; i <= ALLOWANCE; i++) {
                client.send("{\"type\":\"nope\"}");
                client.next("error");
                if (i >= ALLOWANCE - 1) {
                    assertEquals(1, client.subscribe("still-open-" + i), "open after " + i + " bad messages");
                }
            }
            client.send("{\"type\":\"nope\"}");
            assertEquals("error", client.next().get("type").asText(), "the last one is still explained");
            TestClient.Event.Closed closed = client.awaitClose();
            assertEquals(1008, closed.code());
        }
    }

    @Test
    void aPublishOfExactlyTheLimitIsServedAndOneByteMoreCloses1009() {
        AppUrls urls = AppUrls.of(base);
        try (PushClient subscriber = PushClient.connect(urls); PushClient publisher = PushClient.connect(urls)) {
            subscriber.subscribe("big");
            for (int size : new int[] {LIMIT - 1, LIMIT}) {
                String message = publishOfSize(size);
                assertEquals(size, message.getBytes(StandardCharsets.UTF_8).length);
                publisher.send(message);
                assertEquals(size - envelope().length(), subscriber.next("message").get("data").asText().length() + 2);
            }
            publisher.send(publishOfSize(LIMIT + 1));
            assertEquals(new TestClient.Event.Closed(1009, TooBig.OURS), publisher.awaitClose());
            // Nobody else noticed.
            subscriber.subscribe("big-after");
        }
    }

    private static String envelope() {
        return "{\"type\":\"publish\",\"topic\":\"big\",\"data\":}";
    }

    /** A publish of exactly {@code bytes} UTF-8 bytes: a JSON string padded to fit. */
    private static String publishOfSize(int bytes) {
        String head = "{\"type\":\"publish\",\"topic\":\"big\",\"data\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }
}
