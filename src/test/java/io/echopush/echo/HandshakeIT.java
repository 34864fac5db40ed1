package io.echopush.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.RawWebSocket;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the HTTP side of {@code /echo} answers to requests that are not a valid WebSocket handshake. */
@ExtendWith(ArquillianExtension.class)
class HandshakeIT {

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    /** A plain GET is not an upgrade: an HTTP client error, never 101 or a server error. */
    @Test
    void aPlainGetIsAnHttpClientError() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(AppUrls.of(base).http("echo")).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        assertEquals(4, status / 100, "status " + status);
    }

    /** RFC 6455 §4.4: an unsupported version is refused with 426 and the versions the server speaks. */
    @Test
    void anUnsupportedProtocolVersionGets426WithVersion13() throws IOException {
        RawWebSocket.Handshake answer = RawWebSocket.handshake(AppUrls.of(base).ws("echo"),
                Map.of("Sec-WebSocket-Version", "8"));
        assertEquals(426, answer.status());
        assertEquals("13", answer.headers().get("sec-websocket-version"));
    }
}
