package io.echopush.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * reliability case 24: a handshake over the total or the per-address connection cap is refused with HTTP 503
 * and {@code Retry-After}, before any upgrade; the sessions already open go on echoing, and a closed one
 * makes room. Clients come from several loopback addresses (127.0.0.x), each its own "remote address".
 */
class ConnectionCapIT extends InContainerTest {

    private static final int TOTAL = 4;
    private static final int PER_ADDRESS = 2;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar(Map.of(
                "echopush.max-connections", Integer.toString(TOTAL),
                "echopush.max-connections-per-address", Integer.toString(PER_ADDRESS)));
    }

    private AppUrls urls;
    private final List<RawWebSocket> open = new ArrayList<>();

    @BeforeEach
    void noSessionsYet() {
        urls = AppUrls.of(base);
        // the previous test's sockets may still be counted until the server notices they are gone
        ServerMetrics.awaitSessionsOpen(urls, "echo", 0);
    }

    @AfterEach
    void closeAll() throws IOException {
        for (RawWebSocket raw : open) {
            raw.close();
        }
    }

    @Test
    void oneMoreThanTheCapFromOneAddressIsRefusedWith503AndRetryAfter() throws Exception {
        double refusedBefore = refused("address");
        RawWebSocket first = accepted("127.0.0.11"); // the cap − 1
        RawWebSocket second = accepted("127.0.0.11"); // the cap
        refused("127.0.0.11", "address"); // the cap + 1
        RawWebSocket elsewhere = accepted("127.0.0.12"); // another address is not held back

        for (RawWebSocket raw : List.of(first, second, elsewhere)) {
            assertEchoes(raw);
        }
        assertEquals(refusedBefore + 1, refused("address"));

        first.sendClose(1000, "");
        assertEquals(1000, first.awaitCloseCode());
        ServerMetrics.awaitSessionsOpen(urls, "echo", 2);
        assertEchoes(accepted("127.0.0.11")); // a closed connection makes room
    }

    @Test
    void oneMoreThanTheTotalCapIsRefusedWith503() throws Exception {
        double refusedBefore = refused("total");
        accepted("127.0.0.21");
        accepted("127.0.0.21");
        accepted("127.0.0.22"); // the cap − 1
        accepted("127.0.0.23"); // the cap
        refused("127.0.0.24", "total"); // the cap + 1, from an address with no connection yet

        for (RawWebSocket raw : open) {
            assertEchoes(raw);
        }
        assertEquals(refusedBefore + 1, refused("total"));
        assertEquals(TOTAL, ServerMetrics.sessionsOpen(urls, "echo"));
    }

    private RawWebSocket accepted(String from) throws IOException {
        RawWebSocket raw = RawWebSocket.openFrom(address(from), urls.ws("echo"));
        open.add(raw);
        assertEquals(101, raw.handshake().status(), "handshake from " + from);
        return raw;
    }

    private void refused(String from, String cap) throws IOException {
        try (RawWebSocket raw = RawWebSocket.openFrom(address(from), urls.ws("echo"))) {
            RawWebSocket.Handshake handshake = raw.handshake();
            assertEquals(503, handshake.status(), "handshake from " + from + " over the " + cap + " cap");
            assertEquals("10", handshake.headers().get("retry-after"));
        }
    }

    private static void assertEchoes(RawWebSocket raw) throws IOException {
        raw.sendText("still here");
        assertEquals("still here", raw.readMessage().text());
    }

    private double refused(String cap) {
        return ServerMetrics.value(urls, "echopush_connections_refused_total", "cap", cap);
    }

    private static InetAddress address(String loopback) throws UnknownHostException {
        return InetAddress.getByName(loopback);
    }
}
