package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestUsers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without {@code echopush.token-secret} (the default) no token is issued or accepted, and each says why. */
class TokensOffIT extends BuiltWarTest {

    @Test
    void noTokenIsIssuedNorAcceptedAndTheSessionGoesOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        HttpResponse<String> response = TokensIT.post(urls, TestUsers.PUBLISHER, "{\"subscribe\":[\"news\"]}");
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("{\"reason\":\"tokens are not configured on this server (echopush.token-secret)\"}",
                response.body());
        // a token that another server's key signed means nothing here
        String token = TokensTest.tokens(TokensTest.SECRET, Instant.now()).issue("app", List.of(),
                Grant.of(List.of("*"), List.of()), 60).token();
        try (PushClient client = PushClient.connect(urls)) {
            client.send("{\"type\":\"auth\",\"token\":\"" + token + "\",\"id\":1}");
            JsonNode error = client.next("error");
            assertEquals("unauthorized: tokens are not configured on this server", error.get("reason").asText());
            assertEquals(1, error.get("id").asInt());
            assertEquals(1, client.subscribe("tokens-off"));
        }
    }
}
