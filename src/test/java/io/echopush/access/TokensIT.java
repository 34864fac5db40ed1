package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.PlainJWT;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.Http;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.SseClient;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Access tokens end to end (D44): a publisher gets one over HTTP, a client without a container session presents it
 * on {@code /push} and gets exactly its rights (under the topic rules) until it expires (1008); every kind of bad
 * token is refused with its reason, counted, and the session goes on as it was.
 */
class TokensIT extends InContainerTest {

    static final String RULES = """
            orders.*  subscribe=publisher  publish=publisher
            secret.*  subscribe=reader
            news      subscribe=anonymous  publish=authenticated
            *         subscribe=anonymous
            """;

    @Deployment(testable = false)
    public static WebArchive war() {
        WebArchive war = Deployments.builtWar(Map.of("echopush.token-secret", TokensTest.SECRET,
                "echopush.token-max-seconds", "600", "echopush.topic-rules", "WEB-INF/topic-rules.txt"));
        return war.addAsWebInfResource(new StringAsset(RULES), "topic-rules.txt");
    }

    @Test
    void aTokenFromPostApiTokensGivesExactlyItsRightsUnderTheRules() throws Exception {
        AppUrls urls = AppUrls.of(base);
        double issuedBefore = ServerMetrics.sum(ServerMetrics.scrape(urls), "echopush_tokens_issued_total");
        HttpResponse<String> response = post(urls, TestUsers.PUBLISHER,
                "{\"subscribe\":[\"orders.*\",\"secret.*\",\"news\"],\"publish\":[\"orders.*\"],\"seconds\":600}");
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode issued = PushClient.read(response.body());
        assertEquals("test-publisher", issued.get("sub").asText());
        long exp = issued.get("exp").asLong();
        assertTrue(Math.abs(exp - (Instant.now().getEpochSecond() + 600)) <= 5, response.body());
        try (PushClient client = PushClient.connect(urls)) {
            client.send("{\"type\":\"auth\",\"token\":\"" + issued.get("token").asText() + "\",\"id\":1}");
            JsonNode authed = client.next("authed");
            assertEquals("test-publisher", authed.get("sub").asText());
            assertEquals(exp, authed.get("exp").asLong());
            assertEquals(1, authed.get("id").asInt());
            assertEquals(1, client.subscribe("orders.new"));
            assertForbidden(client, "{\"type\":\"subscribe\",\"topic\":\"orders\",\"id\":2}", 2); // the prefix -1
            assertForbidden(client, "{\"type\":\"subscribe\",\"topic\":\"secret.x\",\"id\":3}", 3); // the rules
            assertForbidden(client, "{\"type\":\"subscribe\",\"topic\":\"other\",\"id\":4}", 4); // not in the token
            assertForbidden(client, "{\"type\":\"publish\",\"topic\":\"news\",\"data\":1,\"id\":5}", 5);
            client.publish("orders.new", TextNode.valueOf("from a token"));
            JsonNode message = client.next("message");
            assertEquals("from a token", message.get("data").asText());
            assertEquals("test-publisher", message.get("from").asText());
            client.send("{\"type\":\"auth\",\"token\":\"" + issued.get("token").asText() + "\",\"id\":6}");
            assertUnauthorized(client, 6, "unauthorized: this socket is signed in already");
        }
        String scrape = ServerMetrics.scrape(urls);
        assertEquals(issuedBefore + 1, ServerMetrics.sum(scrape, "echopush_tokens_issued_total"));
        assertFalse(scrape.contains(TokensTest.SECRET), "the key in /metrics");
        assertFalse(scrape.contains(issued.get("token").asText()), "a token in /metrics");
    }

    @Test
    void eachBadTokenIsRefusedWithItsReasonCountedAndTheSessionGoesOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        Instant now = Instant.now();
        byte[] otherKey = TokensTest.KEY.clone();
        otherKey[5] ^= 1;
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Map<String, String> bad = new LinkedHashMap<>(); // token -> the reason the client is told
        bad.put(TokensTest.sign(TokensTest.mac(otherKey), JWSAlgorithm.HS256, TokensTest.claims(now,
                now.plusSeconds(60))), "signature");
        bad.put(TokensTest.sign(TokensTest.mac(TokensTest.KEY), JWSAlgorithm.HS256, TokensTest.claims(
                now.minusSeconds(60), now.minusSeconds(10))), "expired");
        bad.put(TokensTest.sign(TokensTest.mac(TokensTest.KEY), JWSAlgorithm.HS256, TokensTest.claims(now,
                now.plusSeconds(60)).notBeforeTime(Date.from(now.plusSeconds(30)))), "not_yet_valid");
        bad.put(new PlainJWT(TokensTest.claims(now, now.plusSeconds(60)).build()).serialize(), "algorithm");
        bad.put(TokensTest.sign(new RSASSASigner(rsa.generateKeyPair().getPrivate()), JWSAlgorithm.RS256,
                TokensTest.claims(now, now.plusSeconds(60))), "algorithm");
        bad.put(TokensTest.sign(TokensTest.mac(Arrays.copyOf(TokensTest.KEY, 64)), JWSAlgorithm.HS512,
                TokensTest.claims(now, now.plusSeconds(60))), "algorithm");
        bad.put("not.a.token", "malformed");
        bad.put(TokensTest.sign(TokensTest.mac(TokensTest.KEY), JWSAlgorithm.HS256, TokensTest.claims(now,
                now.plusSeconds(60)).issuer("elsewhere")), "claims");
        Map<String, Double> before = refusals(urls);
        try (PushClient client = PushClient.connect(urls)) {
            int id = 0;
            for (Map.Entry<String, String> token : bad.entrySet()) {
                client.send("{\"type\":\"auth\",\"token\":\"" + token.getKey() + "\",\"id\":" + ++id + "}");
                JsonNode error = client.next("error");
                assertEquals(id, error.get("id").asInt());
                String reason = error.get("reason").asText();
                assertTrue(reason.startsWith("unauthorized: " + told(token.getValue())), token.getValue() + ": "
                        + reason);
                assertFalse(reason.contains(token.getKey()), "the reply quotes the token");
            }
            // still anonymous: what the rules let anyone do, and no more
            assertEquals(1, client.subscribe("news"));
            assertForbidden(client, "{\"type\":\"subscribe\",\"topic\":\"orders.new\",\"id\":99}", 99);
        }
        Map<String, Double> after = refusals(urls);
        for (String reason : new String[] {"signature", "expired", "not_yet_valid", "malformed", "claims"}) {
            assertEquals(before.get(reason) + 1, after.get(reason), reason);
        }
        assertEquals(before.get("algorithm") + 3, after.get("algorithm"));
    }

    @Test
    void aSocketClosesWith1008WhenItsTokenExpires() throws Exception {
        AppUrls urls = AppUrls.of(base);
        HttpResponse<String> response = post(urls, TestUsers.PUBLISHER,
                "{\"subscribe\":[\"expiring\"],\"seconds\":2}");
        assertEquals(201, response.statusCode(), response.body());
        try (PushClient client = PushClient.connect(urls); PushClient bystander = PushClient.connect(urls)) {
            client.send("{\"type\":\"auth\",\"token\":\"" + PushClient.read(response.body()).get("token").asText()
                    + "\"}");
            client.next("authed");
            assertEquals(1, client.subscribe("expiring"));
            TestClient.Event.Closed closed = client.awaitClose(); // two seconds, the leeway, then the close
            assertEquals(1008, closed.code());
            assertEquals("Token expired", closed.reason());
            assertEquals(1, bystander.subscribe("expiring")); // the expired socket left the topic
        }
    }

    /**
     * A stream presents its token as a bearer header (never in its URL): exactly the token's rights under the rules,
     * a bad one 401 with its reason and counted, and the stream ends with a last {@code close} event at expiry.
     */
    @Test
    void aStreamWithABearerTokenHasItsRightsUntilItExpires() throws Exception {
        AppUrls urls = AppUrls.of(base);
        HttpResponse<String> response = post(urls, TestUsers.PUBLISHER,
                "{\"subscribe\":[\"orders.*\"],\"seconds\":2}");
        assertEquals(201, response.statusCode(), response.body());
        String bearer = "Bearer " + PushClient.read(response.body()).get("token").asText();
        try (SseClient anonymous = SseClient.open(urls, "topic=orders.new")) {
            assertEquals(403, anonymous.status(), "the rules: publishers only");
        }
        try (SseClient outside = SseClient.open(urls, "topic=news", Map.of("Authorization", bearer), 0)) {
            assertEquals(403, outside.status(), "the token grants orders.* only");
        }
        double signatures = refusals(urls).get("signature");
        try (SseClient forged = SseClient.open(urls, "topic=orders.new",
                Map.of("Authorization", bearer.substring(0, bearer.length() - 2) + "xx"), 0)) {
            assertEquals(401, forged.status());
            String reason = PushClient.read(forged.body()).get("reason").asText();
            assertTrue(reason.startsWith("unauthorized: bad signature"), reason);
        }
        assertEquals(signatures + 1, refusals(urls).get("signature"));
        try (SseClient stream = SseClient.open(urls, "topic=orders.new", Map.of("Authorization", bearer), 0)) {
            assertEquals("subscribed", stream.next().name());
            SseClient.Event close = stream.next("close"); // two seconds, the leeway, then the close
            assertEquals(1008, PushClient.read(close.data()).get("code").asInt());
            assertEquals("Token expired", PushClient.read(close.data()).get("reason").asText());
            ServerMetrics.awaitTopicSubscribers(urls, "orders.new", 0); // it left the topic
        }
    }

    @Test
    void onlyPublishersGetTokensAndEachBadRequestIsA400WithItsReason() throws Exception {
        AppUrls urls = AppUrls.of(base);
        HttpResponse<String> reader = post(urls, TestUsers.READER, "{\"subscribe\":[\"news\"]}");
        assertEquals(403, reader.statusCode());
        assertEquals("this user may not get access tokens: the role publisher is missing",
                PushClient.read(reader.body()).get("reason").asText());
        assertEquals(401, post(urls, null, "{\"subscribe\":[\"news\"]}").statusCode());
        assertEquals(201, post(urls, TestUsers.PUBLISHER, "{\"subscribe\":[\"news\"]}").statusCode()); // the maximum
        assertEquals(201, post(urls, TestUsers.PUBLISHER, "{\"subscribe\":[\"news\"],\"seconds\":600}").statusCode());
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"subscribe\":[\"news\"],\"seconds\":601}", "seconds must be a whole number from 1 to 600");
        refused.put("{\"subscribe\":[\"news\"],\"seconds\":0}", "seconds must be a whole number from 1 to 600");
        refused.put("{\"publish\":[\"clock\"]}", "publish[0]: \"clock\" is published by the server only");
        refused.put("{\"subscribe\":[\"ok\",\"a b\"]}", "subscribe[1] is not a topic name");
        refused.put("{\"subscribe\":\"news\"}", "subscribe must be an array of topic patterns");
        refused.put("{\"subscribe\":[\"news\"],\"sub\":\"someone-else\"}", "unknown field");
        refused.put("{}", "grants nothing");
        refused.put("[]", "the body must be a JSON object");
        refused.put("{\"subscribe\":", "not valid JSON");
        for (Map.Entry<String, String> body : refused.entrySet()) {
            HttpResponse<String> response = post(urls, TestUsers.PUBLISHER, body.getKey());
            assertEquals(400, response.statusCode(), body.getKey());
            String reason = PushClient.read(response.body()).get("reason").asText();
            assertTrue(reason.startsWith(body.getValue()), body.getKey() + " -> " + reason);
        }
        HttpResponse<String> form = Http.CLIENT.send(HttpRequest.newBuilder(urls.http("api/tokens"))
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("subscribe=news")).timeout(TestClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode());
    }

    /** What the client is told for each metrics reason. */
    private static String told(String reason) {
        return switch (reason) {
            case "signature" -> "bad signature";
            case "expired" -> "token expired";
            case "not_yet_valid" -> "token not yet valid";
            case "algorithm" -> "algorithm ";
            case "malformed" -> "malformed token";
            default -> "invalid claims";
        };
    }

    private static void assertForbidden(PushClient client, String request, int id) {
        client.send(request);
        JsonNode error = client.next("error");
        assertEquals("forbidden", error.get("reason").asText(), error.toString());
        assertEquals(id, error.get("id").asInt(), error.toString());
    }

    private static void assertUnauthorized(PushClient client, int id, String reasonStart) {
        JsonNode error = client.next("error");
        assertTrue(error.get("reason").asText().startsWith(reasonStart), error.toString());
        assertEquals(id, error.get("id").asInt(), error.toString());
    }

    /** {@code echopush_token_refusals_total} by reason. */
    private static Map<String, Double> refusals(AppUrls urls) {
        String scrape = ServerMetrics.scrape(urls);
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String reason : new String[] {"signature", "expired", "not_yet_valid", "algorithm", "malformed",
                "claims"}) {
            counts.put(reason, ServerMetrics.value(scrape, "echopush_token_refusals_total", "reason", reason));
        }
        return counts;
    }

    /** {@code POST /api/tokens} with a JSON body, as {@code user} (none: no credentials). */
    static HttpResponse<String> post(AppUrls urls, TestUsers user, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(urls.http("api/tokens")).timeout(TestClient.TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", user.basicAuthorization());
        }
        return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
