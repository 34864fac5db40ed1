package io.echopush.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Http;
import io.echopush.testing.RawWebSocket;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the HTTP side of {@code /echo} answers to requests that are not a valid WebSocket handshake. */
class HandshakeIT extends BuiltWarTest {

    /** A plain GET is not an upgrade: an HTTP client error, never 101 or a server error. */
    @Test
    void aPlainGetIsAnHttpClientError() throws Exception {
        HttpResponse<String> response = Http.CLIENT.send(
                HttpRequest.newBuilder(AppUrls.of(base).http("echo")).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        assertEquals(4, status / 100, "status " + status);
    }

    /**
     * RFC 6455 §4.2.2, §4.4: an unsupported version is refused with 426 and the versions the server speaks. 7 and
     * 8 are drafts that Undertow (WildFly) still speaks, and it answers unknown ones such as 14 with 404 and no
     * version; the application's filter holds every container to 13 (OriginFilter says why).
     */
    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {"8", "7", "14"})
    void anUnsupportedProtocolVersionGets426WithVersion13(String version) throws IOException {
        RawWebSocket.Handshake answer = RawWebSocket.handshake(AppUrls.of(base).ws("echo"),
                Map.of("Sec-WebSocket-Version", version));
        assertEquals(426, answer.status());
        assertEquals("13", answer.headers().get("sec-websocket-version"));
    }
}
