package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.SseClient;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import io.echopush.testing.TooBig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A locked-down rules file in the WAR: each rule kind allows and refuses at its boundary on {@code /push} and over
 * HTTP; a refusal is an {@code error} "forbidden" with the request's id, counted, and the session goes on; a socket
 * opened with BASIC credentials, or in an HTTP session signed in at /api/session, gets the user's roles, and loses
 * them with its HTTP session (1008).
 */
class TopicRulesIT extends InContainerTest {

    static final String RULES = """
            # the test users: test-publisher has the role publisher, test-reader the role reader
            orders.*      subscribe=reader,publisher  publish=publisher
            orders.audit  subscribe=publisher
            news          subscribe=anonymous         publish=authenticated
            readers.*     subscribe=reader
            *             subscribe=authenticated
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestClient.TIMEOUT).build();

    @Deployment(testable = false)
    public static WebArchive war() {
        // GlassFish and Payara know only the roles a WAR declares (docs/configuration.md): the rules name reader too.
        WebArchive war = Deployments.builtWar(webXml -> Deployments.beforeFirstListener(webXml,
                "  <context-param><param-name>echopush.topic-rules</param-name>"
                        + "<param-value>WEB-INF/topic-rules.txt</param-value></context-param>\n"
                        + "  <security-role><role-name>reader</role-name></security-role>\n"));
        return war.addAsWebInfResource(new StringAsset(RULES), "topic-rules.txt");
    }

    @Test
    void anonymousIsRefusedWithForbiddenAndItsIdAndGoesOnPastTheBadMessageAllowance() {
        AppUrls urls = AppUrls.of(base);
        double subscribesBefore = refusals(urls, "subscribe");
        double publishesBefore = refusals(urls, "publish");
        double historiesBefore = refusals(urls, "history");
        try (PushClient anonymous = PushClient.connect(urls)) {
            assertForbidden(anonymous, "{\"type\":\"subscribe\",\"topic\":\"orders.new\",\"id\":1}", 1);
            assertForbidden(anonymous, "{\"type\":\"publish\",\"topic\":\"news\",\"data\":1,\"id\":2}", 2);
            assertForbidden(anonymous, "{\"type\":\"history\",\"topic\":\"orders.new\",\"id\":3}", 3);
            // one character off the exact name "news" falls to *, which anonymous lacks
            assertForbidden(anonymous, "{\"type\":\"subscribe\",\"topic\":\"news.\",\"id\":4}", 4);
            assertForbidden(anonymous, "{\"type\":\"subscribe\",\"topic\":\"new\",\"id\":5}", 5);
            // more refusals than the allowance of bad messages (20 a minute): a refusal is not a bad message
            for (int id = 100; id < 125; id++) {
                assertForbidden(anonymous, "{\"type\":\"subscribe\",\"topic\":\"x\",\"id\":" + id + "}", id);
            }
            assertEquals(1, anonymous.subscribe("news"));
        }
        assertEquals(subscribesBefore + 28, refusals(urls, "subscribe"));
        assertEquals(publishesBefore + 1, refusals(urls, "publish"));
        assertEquals(historiesBefore + 1, refusals(urls, "history"));
    }

    @Test
    void aSocketWithBasicCredentialsGetsItsRolesAndTheRulesDecideAtTheirBoundary() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (RawWebSocket reader = socket(urls, TestUsers.READER, null);
                RawWebSocket publisher = socket(urls, TestUsers.PUBLISHER, null)) {
            assertEquals("subscribed", request(reader, "{\"type\":\"subscribe\",\"topic\":\"orders.new\"}")
                    .get("type").asText());
            assertForbidden(reader, "{\"type\":\"subscribe\",\"topic\":\"orders.audit\",\"id\":1}", 1);
            assertEquals("subscribed", request(reader, "{\"type\":\"subscribe\",\"topic\":\"orders.audit2\"}")
                    .get("type").asText()); // not the exact name: the prefix's rule
            assertForbidden(reader, "{\"type\":\"publish\",\"topic\":\"orders.new\",\"data\":1,\"id\":2}", 2);
            assertEquals("subscribed", request(publisher, "{\"type\":\"subscribe\",\"topic\":\"orders.audit\"}")
                    .get("type").asText());
            // the prefix matches orders. and what follows it, not one character less
            assertForbidden(publisher, "{\"type\":\"publish\",\"topic\":\"orders\",\"data\":1,\"id\":3}", 3);
            publisher.sendText("{\"type\":\"publish\",\"topic\":\"orders.new\",\"data\":\"signed\"}");
            JsonNode message = next(reader);
            assertEquals("message", message.get("type").asText(), message.toString());
            assertEquals("signed", message.get("data").asText());
            assertEquals("test-publisher", message.get("from").asText());
            // authenticated: any signed-in user, whatever its roles
            assertEquals("subscribed", request(reader, "{\"type\":\"subscribe\",\"topic\":\"anything\"}")
                    .get("type").asText());
        }
        assertEquals(401, RawWebSocket.handshake(urls.ws("push"), Map.of("Authorization", "Basic " + Base64
                .getEncoder().encodeToString("test-reader:wrong".getBytes(StandardCharsets.UTF_8)))).status());
    }

    @Test
    void httpPublishAndHistoryAnswerAJson403WhereTheRoleLacksTheRight() throws Exception {
        AppUrls urls = AppUrls.of(base);
        assertEquals(202, http(urls, "api/topics/orders.new", "POST").statusCode());
        HttpResponse<String> refused = http(urls, "api/topics/orders", "POST");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("{\"reason\":\"forbidden\"}", refused.body());
        assertEquals(200, http(urls, "api/topics/orders.audit/messages", "GET").statusCode());
        // news: publish=authenticated; but history needs subscribe rights, which the publisher has for news too
        assertEquals(200, http(urls, "api/topics/news/messages", "GET").statusCode());
        assertEquals(202, http(urls, "api/topics/news", "POST").statusCode());
        HttpResponse<String> unread = http(urls, "api/topics/readers.x/messages", "GET");
        assertEquals(403, unread.statusCode());
        assertEquals("{\"reason\":\"forbidden\"}", unread.body());
        assertEquals(200, http(urls, "api/topics/readers/messages", "GET").statusCode()); // falls to *
    }

    @Test
    void signingOutClosesTheSignedInPushSocketWith1008AndNoOther() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String[] cookie = {signIn(urls)};
        if (TooBig.CONTAINER.equals("jetty")) {
            // Jetty 12 neither brings a signed-in session's user to the unconstrained /push nor authenticates BASIC
            // within that session: the handshake fails (500), and no socket opens with anyone's rights (D42).
            assertNotEquals(101, RawWebSocket.handshake(urls.ws("push"), Map.of("Authorization",
                    TestUsers.PUBLISHER.basicAuthorization(), "Cookie", cookie[0])).status());
            return;
        }
        try (RawWebSocket signedIn = socket(urls, TestUsers.PUBLISHER, cookie);
                PushClient anonymous = PushClient.connect(urls)) {
            assertEquals("subscribed", request(signedIn, "{\"type\":\"subscribe\",\"topic\":\"orders.audit\"}")
                    .get("type").asText());
            HttpResponse<String> signOut = HTTP.send(HttpRequest.newBuilder(urls.http("api/session"))
                    .header("Authorization", TestUsers.PUBLISHER.basicAuthorization()).header("Cookie", cookie[0])
                    .DELETE().timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, signOut.statusCode());
            assertEquals(1008, signedIn.awaitCloseCode());
            assertEquals(1, anonymous.subscribe("news"));
        }
    }

    @Test
    void aSocketOpenedInASignedInSessionCarriesItsUserUntilSignOutOnEveryContainer() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String cookie = signIn(urls);
        try (RawWebSocket signedIn = sessionSocket(urls, cookie)) {
            assertEquals("subscribed", request(signedIn, "{\"type\":\"subscribe\",\"topic\":\"orders.audit\"}")
                    .get("type").asText()); // publishers only: the session's user, no credentials on the socket
            // the cookie alone signs out, as a page that keeps no password does (web.xml); signing in needs the role
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(urls.http("api/session")).POST(HttpRequest
                    .BodyPublishers.noBody()).timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers
                    .ofString()).statusCode());
            HttpResponse<String> signOut = HTTP.send(HttpRequest.newBuilder(urls.http("api/session"))
                    .header("Cookie", cookie).DELETE().timeout(TestClient.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, signOut.statusCode());
            assertEquals(1008, signedIn.awaitCloseCode());
        }
        try (RawWebSocket after = sessionSocket(urls, cookie)) { // the ended session's cookie carries nobody
            assertForbidden(after, "{\"type\":\"subscribe\",\"topic\":\"orders.audit\",\"id\":1}", 1);
        }
    }

    @Test
    void aStreamIsRefusedA403AsTheRulesSayAndASignedInSessionsStreamEndsAtSignOut() throws Exception {
        AppUrls urls = AppUrls.of(base);
        double before = refusals(urls, "subscribe");
        try (SseClient anonymous = SseClient.open(urls, "topic=news&topic=orders.audit")) {
            assertEquals(403, anonymous.status());
            assertEquals("forbidden: orders.audit", PushClient.read(anonymous.body()).get("reason").asText());
        }
        assertEquals(before + 1, refusals(urls, "subscribe"));
        try (SseClient reader = SseClient.open(urls, "topic=orders.audit",
                Map.of("Authorization", TestUsers.READER.basicAuthorization()), 0)) {
            assertEquals(403, reader.status(), "publishers only");
        }
        try (SseClient reader = SseClient.open(urls, "topic=orders.x",
                Map.of("Authorization", TestUsers.READER.basicAuthorization()), 0)) {
            assertEquals("subscribed", reader.next().name());
        }
        String cookie = signIn(urls);
        try (SseClient signedIn = SseClient.open(urls, "topic=orders.audit", Map.of("Cookie", cookie), 0)) {
            assertEquals("subscribed", signedIn.next().name(), "the session's user, no credentials on the stream");
            assertEquals(204, HTTP.send(HttpRequest.newBuilder(urls.http("api/session")).header("Cookie", cookie)
                    .DELETE().timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(1008, PushClient.read(signedIn.next("close").data()).get("code").asInt());
            assertNull(signedIn.nextOrEnd(), "the stream ends there");
        }
    }

    /** A /push socket with no credentials, within the HTTP session of {@code cookie}. */
    private static RawWebSocket sessionSocket(AppUrls urls, String cookie) throws IOException {
        RawWebSocket raw = RawWebSocket.open(urls.ws("push"), Map.of("Cookie", cookie,
                "Sec-WebSocket-Protocol", PushClient.PROTOCOL));
        assertEquals(101, raw.handshake().status());
        return raw;
    }

    private static void assertForbidden(PushClient client, String request, int id) {
        client.send(request);
        JsonNode error = client.next("error");
        assertEquals("forbidden", error.get("reason").asText(), error.toString());
        assertEquals(id, error.get("id").asInt(), error.toString());
    }

    private static void assertForbidden(RawWebSocket socket, String request, int id) throws IOException {
        JsonNode error = request(socket, request);
        assertEquals("error", error.get("type").asText(), error.toString());
        assertEquals("forbidden", error.get("reason").asText(), error.toString());
        assertEquals(id, error.get("id").asInt(), error.toString());
    }

    /** Sends {@code text} and answers the next message that is not a presence count. */
    private static JsonNode request(RawWebSocket socket, String text) throws IOException {
        socket.sendText(text);
        return next(socket);
    }

    private static JsonNode next(RawWebSocket socket) throws IOException {
        while (true) {
            JsonNode message = PushClient.read(socket.readMessage().text());
            if (!message.get("type").asText().equals("presence")) {
                return message;
            }
        }
    }

    /** A /push socket with {@code user}'s BASIC credentials, within the HTTP session of {@code cookie[0]} if any. */
    static RawWebSocket socket(AppUrls urls, TestUsers user, String[] cookie) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", user.basicAuthorization());
        headers.put("Sec-WebSocket-Protocol", PushClient.PROTOCOL);
        if (cookie != null) {
            headers.put("Cookie", cookie[0]);
        }
        RawWebSocket raw = RawWebSocket.open(urls.ws("push"), headers);
        assertEquals(101, raw.handshake().status());
        String setCookie = raw.handshake().headers().get("set-cookie");
        if (cookie != null && setCookie != null) {
            cookie[0] = setCookie.split(";", 2)[0].trim(); // a new id on authenticating within it (Tomcat does)
        }
        return raw;
    }

    private static String signIn(AppUrls urls) throws IOException, InterruptedException {
        HttpResponse<String> response = http(urls, "api/session", "POST");
        assertEquals(204, response.statusCode());
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0].trim();
    }

    /** As the publisher, with a JSON body of 1. */
    private static HttpResponse<String> http(AppUrls urls, String path, String method)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(urls.http(path)).timeout(TestClient.TIMEOUT)
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization());
        request = method.equals("POST") ? request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("1")) : request.GET();
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code echopush_refusals_total{action="...",reason="forbidden"}}. */
    private static double refusals(AppUrls urls, String action) {
        Matcher matcher = Pattern.compile("^echopush_refusals_total\\{action=\"" + action
                + "\",reason=\"forbidden\"\\} (\\S+)$", Pattern.MULTILINE).matcher(ServerMetrics.scrape(urls));
        assertTrue(matcher.find(), "no refusals of " + action + " in /metrics");
        return Double.parseDouble(matcher.group(1));
    }
}
