package io.echopush.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * reliability case 23: a client flooding messages is closed with 1008 once past its burst and rate, on
 * {@code /echo} and {@code /push}, while a client sending a whole burst at once is served, and others go on.
 * (The exact boundaries, burst − 1, burst and burst + 1, are pinned with a fake clock in {@code InboundRateTest}:
 * here the allowance refills while the server reads.)
 */
class InboundRateLimitIT extends BuiltWarTest {

    private static final int BURST = Integer.parseInt(Setting.INBOUND_MESSAGE_BURST.defaultValue());
    /**
     * Written at once: whatever the server's reading speed s (messages per second), it is past its allowance
     * when FLOOD > BURST + rate · FLOOD / s, i.e. (at the default rate, 1,000 a second) for any s above 1,112.
     */
    private static final int FLOOD = 10 * BURST;

    @Test
    void aWholeBurstAtOnceIsServed() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (RawWebSocket client = RawWebSocket.open(urls.ws("echo"))) {
            client.sendBytes(frames(BURST, i -> "m" + i));
            for (int i = 0; i < BURST; i++) {
                assertEquals("m" + i, client.readMessage().text());
            }
            client.sendText("still open");
            assertEquals("still open", client.readMessage().text());
        }
    }

    @Test
    void aFloodOnEchoIsClosedWith1008AndOthersGoOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (TestClient bystander = TestClient.connect(urls.ws("echo"));
                RawWebSocket flooder = RawWebSocket.open(urls.ws("echo"))) {
            bystander.assertEchoes("before");
            double before = closesWith1008(urls);
            flood(flooder, frames(FLOOD, i -> "x"));
            assertClosedWith1008(urls, flooder, before);
            bystander.assertEchoes("after the flooder was closed");
        }
    }

    @Test
    void aFloodOnPushIsClosedWith1008AndOthersGoOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (PushClient bystander = PushClient.connect(urls);
                RawWebSocket flooder = RawWebSocket.open(urls.ws("push"),
                        Map.of("Sec-WebSocket-Protocol", PushClient.PROTOCOL))) {
            bystander.subscribe("flood-bystander");
            double before = closesWith1008(urls);
            // Publishes to a topic nobody follows: no reply, so only the rate limit can stop it.
            flood(flooder, frames(FLOOD, i -> "{\"type\":\"publish\",\"topic\":\"flood\",\"data\":" + i + "}"));
            assertClosedWith1008(urls, flooder, before);
            bystander.subscribe("flood-bystander-2");
        }
    }

    /**
     * The flooder hears 1008; or, where the server closed the socket with the flood still unread (Tomcat), the
     * kernel's reset may take the close frame with it — then the server's own count of 1008 closes must show it.
     */
    private static void assertClosedWith1008(AppUrls urls, RawWebSocket flooder, double before) throws IOException {
        int code = flooder.awaitCloseCode();
        if (code != 1008) {
            assertEquals(1006, code, "close code");
            ServerMetrics.awaitValue(urls, "echopush_closes_total", "code", "1008", (long) before + 1);
        }
    }

    private static double closesWith1008(AppUrls urls) {
        String scrape = ServerMetrics.fetch(urls);
        return scrape.contains("echopush_closes_total{code=\"1008\"}")
                ? ServerMetrics.value(scrape, "echopush_closes_total", "code", "1008") : 0;
    }

    /**
     * Writes {@code bytes} on a thread of its own, so that the test reads meanwhile: a server that stops reading
     * once it has closed the session (Tyrus) would otherwise leave the write blocked. Closing the socket ends it.
     */
    private static void flood(RawWebSocket flooder, byte[] bytes) {
        CompletableFuture.runAsync(() -> {
            try {
                flooder.sendBytes(bytes);
            } catch (IOException e) {
                // the server ended the connection, or the test closed it: the flood is over either way
            }
        });
    }

    /** {@code count} masked text frames, written back to back as one byte array. */
    private static byte[] frames(int count, IntFunction<String> text) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(RawWebSocket.frame(true, 0, RawWebSocket.TEXT,
                    text.apply(i).getBytes(StandardCharsets.UTF_8), true));
        }
        return all.toByteArray();
    }
}
