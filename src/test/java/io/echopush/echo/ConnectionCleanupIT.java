package io.echopush.echo;

import static io.echopush.testing.RawWebSocket.BINARY;
import static io.echopush.testing.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawConformance.RawScript;
import io.echopush.testing.RawConformance;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * reliability case 25: connections that end without a close handshake (RFC 6455 §7.1.1, §7.1.7: the server is
 * then "closed abnormally", 1006 locally) must still leave every registry, on {@code /echo} and on
 * {@code /push}, where they must also leave every topic, as {@code /metrics} shows. Each way of ending is tried
 * mid-frame, between frames, and while the server is writing to the client.
 */
class ConnectionCleanupIT extends BuiltWarTest {

    /** The raw client's TCP receive window: small, so that the server's writes to it stall after a few KiB. */
    private static final int SMALL_WINDOW = 4096;
    private static final Map<String, String> PUSH_V1 = Map.of("Sec-WebSocket-Protocol", PushClient.PROTOCOL);

    // ---- /echo

    @Test
    void resetInTheMiddleOfAFrameLeavesNoSession() throws Exception {
        byte[] frame = RawWebSocket.frame(true, 0, TEXT, EchoContract.randomBytes(1000, 13), true);
        assertEchoSessionEndsAfter(raw -> {
            raw.sendBytes(Arrays.copyOf(frame, frame.length / 2));
            raw.reset();
        });
    }

    @Test
    void tcpCloseWithoutCloseFrameLeavesNoSession() throws Exception {
        assertEchoSessionEndsAfter(RawWebSocket::close);
    }

    @Test
    void resetWhileEchoesAreInFlightLeavesNoSession() throws Exception {
        // About 1 MB of echoes against a 4 KiB window: most of it is still queued or being written when the
        // reset comes, yet below the unread bound (4 MiB), so that the server has no reason of its own to close.
        byte[] message = EchoContract.randomBytes(60_000, 14);
        assertEchoSessionEndsAfter(raw -> {
            for (int i = 0; i < 16; i++) {
                raw.send(BINARY, message);
            }
            assertEquals(BINARY, raw.readFrame().opcode(), "the echoes have started");
            raw.reset();
        });
    }

    // ---- /push: the session must also leave its topic

    @Test
    void pushResetInTheMiddleOfAFrameLeavesNoSessionOrSubscription() throws Exception {
        byte[] frame = RawWebSocket.frame(true, 0, TEXT, PushClient.request("subscribe", "other").toString()
                .getBytes(StandardCharsets.UTF_8), true);
        assertPushSessionEndsAfter("cleanup-reset-mid-frame", (raw, bystander) -> {
            raw.sendBytes(Arrays.copyOf(frame, frame.length / 2));
            raw.reset();
        });
    }

    @Test
    void pushTcpCloseWithoutCloseFrameLeavesNoSessionOrSubscription() throws Exception {
        assertPushSessionEndsAfter("cleanup-tcp-close", (raw, bystander) -> raw.close());
    }

    @Test
    void pushResetWhileMessagesAreInFlightLeavesNoSessionOrSubscription() throws Exception {
        String topic = "cleanup-reset-while-sending";
        String filler = "x".repeat(3000);
        assertPushSessionEndsAfter(topic, (raw, bystander) -> {
            // ~1 MB published to the topic against a 4 KiB window: the server is still writing when the reset comes
            for (int i = 0; i < 300; i++) {
                bystander.publish(topic, TextNode.valueOf(i + " " + filler));
            }
            nextOfType(raw, "message");
            raw.reset();
        });
    }

    /** What ends a raw {@code /push} connection, with the bystander at hand to publish. */
    @FunctionalInterface
    private interface PushEnding {
        void run(RawWebSocket raw, PushClient bystander) throws Exception;
    }

    /**
     * Runs {@code ending} on a raw echo connection beside a bystander; the session count must be back to what it
     * was without the raw connection. Waits for each count: the server learns of a dropped socket when it next
     * reads or writes, not at once.
     */
    private void assertEchoSessionEndsAfter(RawScript ending) throws Exception {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "echo");
        try (TestClient bystander = TestClient.connect(urls.ws("echo"));
                RawWebSocket raw = RawWebSocket.open(urls.ws("echo"), Map.of(), SMALL_WINDOW)) {
            assertEquals(101, raw.handshake().status(), "the raw client's handshake was refused");
            // one echo first: the session is open and counts, or the counts below prove nothing
            RawConformance.awaitEcho(raw);
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 2);
            ending.run(raw);
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 1);
            bystander.assertEchoes("bystander after");
        }
        ServerMetrics.awaitSessionsOpen(urls, "echo", before);
    }

    /**
     * As {@link #assertEchoSessionEndsAfter} on {@code /push}, with the raw client and a bystander subscribed to
     * {@code topic}: afterwards the topic has the bystander alone, and still delivers to it.
     */
    private void assertPushSessionEndsAfter(String topic, PushEnding ending) throws Exception {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "push");
        try (PushClient bystander = PushClient.connect(urls);
                RawWebSocket raw = RawWebSocket.open(urls.ws("push"), PUSH_V1, SMALL_WINDOW)) {
            assertEquals(101, raw.handshake().status(), "the raw client's handshake was refused");
            assertEquals(1, bystander.subscribe(topic));
            raw.sendText(PushClient.request("subscribe", topic).toString());
            assertEquals(2, nextOfType(raw, "subscribed").get("subscribers").asInt());
            ServerMetrics.awaitSessionsOpen(urls, "push", before + 2);
            ServerMetrics.awaitTopicSubscribers(urls, topic, 2);

            ending.run(raw, bystander);

            ServerMetrics.awaitSessionsOpen(urls, "push", before + 1);
            ServerMetrics.awaitTopicSubscribers(urls, topic, 1);
            bystander.publish(topic, TextNode.valueOf("after"));
            awaitMessage(bystander, "after");
        }
        ServerMetrics.awaitSessionsOpen(urls, "push", before);
        ServerMetrics.awaitTopicSubscribers(urls, topic, 0);
    }

    /** Reads whole messages from the raw client up to the first push.v1 message of {@code type}. */
    private static JsonNode nextOfType(RawWebSocket raw, String type) throws IOException {
        while (true) {
            JsonNode message = PushClient.read(raw.readMessage().text());
            if (message.path("type").asText().equals(type)) {
                return message;
            }
        }
    }

    /** Skips what the bystander still has to read (earlier publishes, drop notices) up to the message {@code data}. */
    private static void awaitMessage(PushClient bystander, String data) {
        while (true) {
            JsonNode message = bystander.next();
            if (message.path("type").asText().equals("message") && message.path("data").asText().equals(data)) {
                return;
            }
        }
    }
}
