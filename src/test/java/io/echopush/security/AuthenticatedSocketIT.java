package io.echopush.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * reliability cases 4–6 over WebSocket: {@code /api/push} lets in only users with the role {@code publisher}
 * (401 without credentials, 403 without the role, before any upgrade); the session carries the user's
 * {@code Principal}, which subscribers see as {@code from}; and when the HTTP session the socket was opened in
 * ends, the socket closes with 1008 while everyone else goes on.
 */
class AuthenticatedSocketIT extends BuiltWarTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestClient.TIMEOUT).build();

    @Test
    void withoutCredentials401WithoutTheRole403AndNoSession() throws Exception {
        AppUrls urls = AppUrls.of(base);
        assertEquals(401, RawWebSocket.handshake(urls.ws("api/push"), Map.of()).status());
        assertEquals(403, RawWebSocket.handshake(urls.ws("api/push"),
                Map.of("Authorization", TestUsers.READER.basicAuthorization())).status());
        assertEquals(0, ServerMetrics.sessionsOpen(urls, "api/push"));
    }

    @Test
    void aPublisherSocketCarriesTheUserWhomSubscribersSeeAsFrom() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (PushClient subscriber = PushClient.connect(urls);
                RawWebSocket publisher = publisherSocket(urls, null)) {
            subscriber.subscribe("signed");
            publisher.sendText("{\"type\":\"publish\",\"topic\":\"signed\",\"data\":\"hello\"}");
            JsonNode message = subscriber.next("message");
            assertEquals("hello", message.get("data").asText());
            assertEquals("test-publisher", message.get("from").asText());

            // an anonymous client's message names nobody: a `from` of its own is ignored
            subscriber.send("{\"type\":\"publish\",\"topic\":\"signed\",\"data\":\"anon\",\"from\":\"test-publisher\"}");
            JsonNode unsigned = subscriber.next("message");
            assertEquals("anon", unsigned.get("data").asText());
            assertFalse(unsigned.has("from"), unsigned.toString());
        }
    }

    @Test
    void signingOutClosesTheSocketsOfThatHttpSessionWith1008AndNoOthers() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String[] cookie = {signIn(urls)};
        try (RawWebSocket signedIn = publisherSocket(urls, cookie);
                RawWebSocket otherPublisher = publisherSocket(urls, null);
                PushClient bystander = PushClient.connect(urls)) {
            ServerMetrics.awaitSessionsOpen(urls, "api/push", 2);

            HttpResponse<String> signOut = HTTP.send(HttpRequest.newBuilder(urls.http("api/session"))
                    .header("Authorization", TestUsers.PUBLISHER.basicAuthorization()).header("Cookie", cookie[0])
                    .DELETE().timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, signOut.statusCode());

            assertEquals(1008, signedIn.awaitCloseCode());
            ServerMetrics.awaitSessionsOpen(urls, "api/push", 1);
            otherPublisher.sendText("{\"type\":\"subscribe\",\"topic\":\"still\"}");
            assertEquals("subscribed", PushClient.read(otherPublisher.readMessage().text()).get("type").asText());
            assertEquals(1, bystander.subscribe("still-here"));
        }
    }

    /** Starts an HTTP session as the publisher; answers its cookie ({@code NAME=value}). */
    private static String signIn(AppUrls urls) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(urls.http("api/session"))
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(TestClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow(
                () -> new AssertionError("no session cookie: " + response.headers().map()));
        return setCookie.split(";", 2)[0].trim();
    }

    /**
     * A raw socket to /api/push as the publisher, within the HTTP session of {@code cookie[0]} (or none). Like a
     * browser, it keeps a new cookie the handshake sets: a container may give the session a new id when it
     * first authenticates within it (Tomcat does, against session fixation).
     */
    private static RawWebSocket publisherSocket(AppUrls urls, String[] cookie) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", TestUsers.PUBLISHER.basicAuthorization());
        headers.put("Sec-WebSocket-Protocol", PushClient.PROTOCOL);
        if (cookie != null) {
            headers.put("Cookie", cookie[0]);
        }
        RawWebSocket raw = RawWebSocket.open(urls.ws("api/push"), headers);
        assertEquals(101, raw.handshake().status());
        assertTrue(raw.handshake().headers().containsKey("sec-websocket-accept"));
        String setCookie = raw.handshake().headers().get("set-cookie");
        if (cookie != null && setCookie != null) {
            cookie[0] = setCookie.split(";", 2)[0].trim();
        }
        return raw;
    }
}
