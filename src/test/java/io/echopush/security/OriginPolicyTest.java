package io.echopush.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(List.of("https://app.example.com"), true);

    @Test
    void theRequestsOwnOriginIsAllowedWithTheDefaultPortImplied() {
        assertTrue(policy.allows("http://localhost:8080", "http", "localhost", 8080));
        assertTrue(policy.allows("https://shop.example", "https", "shop.example", 443));
        assertTrue(policy.allows("HTTPS://Shop.Example:443", "https", "shop.example", 443));
        assertTrue(policy.allows("http://[::1]:8080", "http", "[::1]", 8080));
        assertTrue(policy.allows("http://[::1]:8080", "http", "::1", 8080));
    }

    @Test
    void anotherSchemeHostOrPortIsAnotherOrigin() {
        assertFalse(policy.allows("https://localhost:8080", "http", "localhost", 8080));
        assertFalse(policy.allows("http://localhost:8081", "http", "localhost", 8080));
        assertFalse(policy.allows("http://127.0.0.1:8080", "http", "localhost", 8080));
        assertFalse(policy.allows("http://localhost:8080.evil.example", "http", "localhost", 8080));
    }

    @Test
    void theAllowListMatchesExactlyWithoutWildcardsOrSubstrings() {
        assertTrue(policy.allowsWithoutRequest("https://app.example.com"));
        assertTrue(policy.allowsWithoutRequest("https://app.example.com:443"));
        assertFalse(policy.allowsWithoutRequest("https://evil.app.example.com"));
        assertFalse(policy.allowsWithoutRequest("https://app.example.com.evil.example"));
        assertFalse(policy.allowsWithoutRequest("http://app.example.com"));
    }

    @Test
    void aMissingOriginFollowsTheConfiguredPolicy() {
        assertTrue(policy.allows(null, "http", "localhost", 8080));
        OriginPolicy strict = new OriginPolicy(List.of(), false);
        assertFalse(strict.allows(null, "http", "localhost", 8080));
        assertTrue(strict.allows("http://localhost:8080", "http", "localhost", 8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "file://", "ws://localhost:8080", "http://localhost:8080/path",
        "http://user@localhost:8080", "http://localhost:8080?q", "localhost:8080", "*"})
    void whatIsNotAnHttpOriginNeverMatches(String origin) {
        assertEquals(Optional.empty(), OriginPolicy.normalize(origin));
        assertFalse(policy.allows(origin, "http", "localhost", 8080));
    }

    @Test
    void aMisconfiguredAllowListStopsStartup() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new OriginPolicy(List.of("*.example.com"), true));
        assertTrue(error.getMessage().contains("*.example.com"));
    }
}
