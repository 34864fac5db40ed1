package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * reliability case 26: the server pings sessions it has not heard from; a peer that answers stays, one that
 * has silently gone (no close, no reset: traffic dropped) is forgotten and closed within the dead-peer
 * timeout. The WAR is configured (web.xml context-params) with short periods, so that this takes seconds.
 */
class HeartbeatIT extends InContainerTest {

    private static final long PING_AFTER_MS = 300;
    private static final long DEAD_PEER_MS = 1_500;
    private static final String TOPIC = "heartbeat-silent";

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar(Map.of(
                Setting.HEARTBEAT_INTERVAL_MILLIS.key(), Long.toString(PING_AFTER_MS),
                Setting.DEAD_PEER_TIMEOUT_MILLIS.key(), Long.toString(DEAD_PEER_MS)));
    }

    @Test
    void aSilentPeerIsPingedThenClosedWith1001AndForgottenWithinTheDeadPeerTimeout() throws Exception {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "push");
        try (RawWebSocket silent = RawWebSocket.open(urls.ws("push"),
                Map.of("Sec-WebSocket-Protocol", PushClient.PROTOCOL))) {
            assertEquals(101, silent.handshake().status());
            long spoke = System.nanoTime();
            silent.sendText("{\"type\":\"subscribe\",\"topic\":\"" + TOPIC + "\"}");
            RawWebSocket.Frame reply = silent.readFrame();
            while (reply.opcode() == RawWebSocket.PING) {
                reply = silent.readFrame(); // sent before the subscribe arrived (a slow first session), so unanswered
            }
            assertEquals("subscribed", PushClient.read(reply.text()).get("type").asText());
            ServerMetrics.awaitSessionsOpen(urls, "push", before + 1);
            // It answers nothing from now on: the first frame the server sends, besides presence, is the ping.
            RawWebSocket.Frame ping = silent.readFrame();
            while (ping.opcode() == RawWebSocket.TEXT) {
                ping = silent.readFrame();
            }
            assertEquals(RawWebSocket.PING, ping.opcode());
            assertTrue(System.nanoTime() - spoke >= Duration.ofMillis(PING_AFTER_MS).toNanos(),
                    "pinged before it had been silent for the interval");
            // Then the server forgets it within the dead-peer timeout (plus a heartbeat round and CI slack).
            ServerMetrics.awaitSessionsOpen(urls, "push", before, Duration.ofMillis(DEAD_PEER_MS + 3_000));
            assertTrue(System.nanoTime() - spoke >= Duration.ofMillis(DEAD_PEER_MS).toNanos(),
                    "closed before the dead-peer timeout");
            // It left its topic as it left the registry, not only when the container reports the close.
            assertEquals(0, ServerMetrics.topicSubscribers(urls, TOPIC),
                    "the forgotten peer is still counted in its topic");
            assertEquals(1001, silent.awaitCloseCode());
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysOpenLongPastTheDeadPeerTimeout() throws Exception {
        AppUrls urls = AppUrls.of(base);
        // The JDK client answers every ping with a pong by itself, as browsers do.
        try (TestClient idle = TestClient.connect(urls.ws("echo"));
                RawWebSocket answering = RawWebSocket.open(urls.ws("echo"))) {
            idle.assertEchoes("before");
            // The raw client answers each ping itself, until it has answered for three dead-peer timeouts.
            long until = System.nanoTime() + Duration.ofMillis(3 * DEAD_PEER_MS).toNanos();
            int pings = 0;
            while (System.nanoTime() < until) {
                RawWebSocket.Frame frame = answering.readFrame();
                assertEquals(RawWebSocket.PING, frame.opcode(), "only pings come to a client that sends nothing");
                assertEquals("echo-push heartbeat", new String(frame.payload(), StandardCharsets.US_ASCII));
                answering.send(RawWebSocket.PONG, frame.payload());
                pings++;
            }
            assertTrue(pings >= 3, "pings answered: " + pings);
            answering.sendText("still here");
            assertEquals("still here", answering.readMessage().text());
            idle.assertEchoes("after " + pings + " heartbeat rounds");
        }
    }
}
