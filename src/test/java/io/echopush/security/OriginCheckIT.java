package io.echopush.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The origin check at the handshake: the page's own origin and the allow-list get 101, every other browser
 * origin gets 403 and no session. The test run allow-lists {@code https://allowed.example} (pom.xml).
 */
class OriginCheckIT extends BuiltWarTest {

    static final String ALLOW_LISTED = "https://allowed.example";

    @Test
    void thePagesOwnOriginMayConnectAndEcho() throws IOException {
        AppUrls urls = AppUrls.of(base);
        try (RawWebSocket socket = RawWebSocket.open(urls.ws("echo"), Map.of("Origin", urls.origin()))) {
            assertEquals(101, socket.handshake().status());
            socket.sendText("same origin");
            assertEquals("same origin", socket.readFrame().text());
        }
    }

    /** Scheme and host are case-insensitive and the default port may be implied (RFC 6454 §4). */
    @Test
    void theOwnOriginIsRecognisedWhateverItsCase() throws IOException {
        AppUrls urls = AppUrls.of(base);
        assertEquals(101, handshakeStatus(urls.origin().toUpperCase()));
    }

    @Test
    void anAllowListedOriginMayConnect() throws IOException {
        assertEquals(101, handshakeStatus(ALLOW_LISTED));
        assertEquals(101, handshakeStatus(ALLOW_LISTED + ":443"));
    }

    /** Non-browser clients send no Origin; the default policy lets them in (echopush.allow-missing-origin). */
    @Test
    void aClientWithoutOriginMayConnect() throws IOException {
        assertEquals(101, handshakeStatus(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.example",
        "null",
        "http://127.0.0.1",
        "https://allowed.example.evil.example",
        "https://allowed.example:8443",
        "http://allowed.example",
        "https://sub.allowed.example",
        "not an origin",
        ""})
    void aForeignOriginIsRefusedWith403AndOpensNoSession(String origin) throws IOException {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "echo");
        assertEquals(403, handshakeStatus(origin));
        assertEquals(before, ServerMetrics.sessionsOpen(urls, "echo"));
    }

    /** The same host on another port is another origin. */
    @Test
    void theOwnHostOnAnotherPortIsRefused() throws IOException {
        AppUrls urls = AppUrls.of(base);
        assertEquals(403, handshakeStatus("http://127.0.0.1:" + (urls.base().getPort() + 1)));
        assertEquals(403, handshakeStatus(urls.origin() + ".evil.example"));
    }

    private int handshakeStatus(String origin) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Origin", origin);
        return RawWebSocket.handshake(AppUrls.of(base).ws("echo"), headers).status();
    }
}
