package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.echopush.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tokens as a client meets them: one issued here is accepted by any node with the same settings, and each kind of
 * bad token (forged with the library itself) is refused with its own reason.
 */
class TokensTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = Base64.getEncoder().encodeToString(KEY);
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Grant GRANT = Grant.of(List.of("news", "chat.*"), List.of("chat.*"));

    static Tokens tokens(String secret, Instant now) {
        return Tokens.of("echopush.token-secret", secret, 3600, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenIssuedOnOneNodeIsAcceptedOnAnotherWithTheSameSettings() throws Exception {
        Tokens nodeA = tokens(SECRET, NOW);
        Tokens nodeB = tokens(SECRET, NOW.plusMillis(1500));
        Tokens.Issued fromA = nodeA.issue("app", List.of("publisher"), GRANT, 600);
        Tokens.Issued fromB = nodeB.issue("app", List.of(), GRANT, 600);
        Token onB = nodeB.verify(fromA.token());
        assertEquals(onB, nodeA.verify(fromA.token()));
        assertEquals("app", nodeA.verify(fromB.token()).subject());
        assertEquals("app", onB.subject());
        assertEquals(Set.of("publisher"), onB.roles());
        assertEquals(GRANT, onB.grant());
        assertEquals(NOW.plusSeconds(600), onB.expires());
        assertEquals(NOW.getEpochSecond() + 600, fromA.exp());
        assertEquals(Set.of("publisher", Identity.ANONYMOUS, Identity.AUTHENTICATED), onB.identity().roles());
        // a node with another key does not
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertRefused(TokenRefusal.Reason.SIGNATURE, "bad signature",
                tokens(Base64.getEncoder().encodeToString(other), NOW), fromA.token());
    }

    @Test
    void expiryHasALeewayOfTwoSecondsAndNotOneMore() throws Exception {
        String token = tokens(SECRET, NOW).issue("app", List.of(), GRANT, 60).token();
        Instant end = NOW.plusSeconds(60).plus(Tokens.LEEWAY);
        tokens(SECRET, end.minusMillis(1)).verify(token);
        tokens(SECRET, end).verify(token);
        assertRefused(TokenRefusal.Reason.EXPIRED, "token expired", tokens(SECRET, end.plusMillis(1)), token);
        Token verified = tokens(SECRET, NOW).verify(token);
        assertTrue(verified.allows(Action.SUBSCRIBE, "news", end));
        assertFalse(verified.allows(Action.SUBSCRIBE, "news", end.plusMillis(1)));
    }

    @Test
    void aLifetimeFromOneSecondToTheMaximumIsIssuedAndNoOther() {
        Tokens tokens = tokens(SECRET, NOW);
        assertEquals(NOW.getEpochSecond() + 1, tokens.issue("a", List.of(), GRANT, 1).exp());
        assertEquals(NOW.getEpochSecond() + 3600, tokens.issue("a", List.of(), GRANT, 3600).exp());
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("a", List.of(), GRANT, 0));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("a", List.of(), GRANT, 3601));
    }

    @Test
    void algorithmNoneIsRefused() {
        PlainJWT none = new PlainJWT(claims(NOW, NOW.plusSeconds(60)).build());
        assertRefused(TokenRefusal.Reason.ALGORITHM, "algorithm none is refused", tokens(SECRET, NOW),
                none.serialize());
        // "none" spelt otherwise, with our signature appended: still not HS256
        String signed = sign(mac(KEY), JWSAlgorithm.HS256, claims(NOW, NOW.plusSeconds(60)));
        String header = Base64URL.encode("{\"alg\":\"NONE\"}").toString();
        assertRefused(TokenRefusal.Reason.ALGORITHM, "algorithm NONE is refused: HS256 only", tokens(SECRET, NOW),
                header + signed.substring(signed.indexOf('.')));
    }

    @Test
    void otherAlgorithmsAndKeysOfAnotherKindAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        Tokens tokens = tokens(SECRET, NOW);
        assertRefused(TokenRefusal.Reason.ALGORITHM, "algorithm RS256 is refused: HS256 only", tokens,
                sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims(NOW, NOW.plusSeconds(60))));
        byte[] longKey = Arrays.copyOf(KEY, 64);
        assertRefused(TokenRefusal.Reason.ALGORITHM, "algorithm HS512 is refused: HS256 only", tokens,
                sign(mac(longKey), JWSAlgorithm.HS512, claims(NOW, NOW.plusSeconds(60))));
        // the public key taken for an HMAC secret (the old confusion attack): only a wrong signature
        assertRefused(TokenRefusal.Reason.SIGNATURE, "bad signature", tokens,
                sign(mac(rsa.getPublic().getEncoded()), JWSAlgorithm.HS256, claims(NOW, NOW.plusSeconds(60))));
    }

    @Test
    void anAlteredTokenHasABadSignature() {
        String token = tokens(SECRET, NOW).issue("app", List.of(), GRANT, 60).token();
        String[] parts = token.split("\\.");
        String wider = Base64URL.encode(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"news\"", "\"*\"")).toString();
        assertRefused(TokenRefusal.Reason.SIGNATURE, "bad signature", tokens(SECRET, NOW),
                parts[0] + "." + wider + "." + parts[2]);
    }

    @Test
    void malformedTokensAreRefusedAsSuch() {
        Tokens tokens = tokens(SECRET, NOW);
        for (String bad : new String[] {"x", "a.b", "a.b.c", "..", "x".repeat(20_000)}) {
            assertRefused(TokenRefusal.Reason.MALFORMED, "malformed token", tokens, bad);
        }
        // signed with our key, but claims that are not JSON claims of ours
        String header = Base64URL.encode("{\"alg\":\"HS256\"}").toString();
        String payload = Base64URL.encode("[1,2]").toString();
        assertRefused(TokenRefusal.Reason.MALFORMED, "malformed token", tokens, signedWithKey(header, payload));
        String stringSubscribe = Base64URL.encode("{\"iss\":\"echo-push\",\"aud\":\"push.v1\",\"sub\":\"a\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 60) + ",\"subscribe\":\"news\"}")
                .toString();
        assertRefused(TokenRefusal.Reason.MALFORMED, "malformed token", tokens,
                signedWithKey(header, stringSubscribe));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        Tokens tokens = tokens(SECRET, NOW);
        JWTClaimsSet.Builder notBefore = claims(NOW, NOW.plusSeconds(60)).notBeforeTime(Date.from(NOW.plusSeconds(3)));
        assertRefused(TokenRefusal.Reason.NOT_YET_VALID, "token not yet valid", tokens,
                sign(mac(KEY), JWSAlgorithm.HS256, notBefore));
        assertRefused(TokenRefusal.Reason.NOT_YET_VALID, "token not yet valid", tokens,
                sign(mac(KEY), JWSAlgorithm.HS256, claims(NOW.plusSeconds(3), NOW.plusSeconds(60))));
        // within the leeway: another node's clock a little ahead
        String ahead = sign(mac(KEY), JWSAlgorithm.HS256, claims(NOW.plusSeconds(2), NOW.plusSeconds(60)));
        assertDoesNotThrow(() -> tokens.verify(ahead));
    }

    @Test
    void claimsThatAreNotOursAreRefusedEvenWithOurSignature() {
        Tokens tokens = tokens(SECRET, NOW);
        Instant exp = NOW.plusSeconds(60);
        assertClaimsRefused(tokens, claims(NOW, exp).issuer("someone-else"), "not issued for push.v1");
        assertClaimsRefused(tokens, claims(NOW, exp).audience("api"), "not issued for push.v1");
        assertClaimsRefused(tokens, claims(NOW, exp).subject(null), "sub, exp and iat are required");
        assertClaimsRefused(tokens, claims(NOW, exp).expirationTime(null), "sub, exp and iat are required");
        assertClaimsRefused(tokens, claims(NOW, NOW.plusSeconds(3601)), "a lifetime longer than 3600 seconds");
        assertClaimsRefused(tokens, claims(NOW, exp).claim("subscribe", List.of("a b")), "subscribe[0] is not a topic");
        assertClaimsRefused(tokens, claims(NOW, exp).claim("publish", List.of("news", "clock")),
                "publish[1]: \"clock\" is published by the server only");
        assertClaimsRefused(tokens, claims(NOW, exp).claim("subscribe", List.of()).claim("publish", List.of()),
                "grants nothing");
    }

    @Test
    void theKeyMustBeBase64OfAtLeast32BytesAndIsNeverShown() {
        String short31 = Base64.getEncoder().encodeToString(Arrays.copyOf(KEY, 31));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> tokens(short31, NOW));
        assertEquals("echopush.token-secret must be at least 32 bytes, base64-encoded (make one with: openssl rand"
                + " -base64 32); it has 31", tooShort.getMessage());
        String notBase64 = "this is not base64, but a secret all the same!";
        IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class,
                () -> tokens(notBase64, NOW));
        assertFalse(unreadable.getMessage().contains("secret all"), unreadable.getMessage());
        assertTrue(unreadable.getMessage().startsWith("echopush.token-secret is not base64"));
        assertTrue(tokens(Base64.getUrlEncoder().encodeToString(Arrays.copyOf(KEY, 33)), NOW).enabled());
        Tokens on = tokens(SECRET, NOW);
        assertTrue(on.enabled());
        assertFalse(on.toString().contains(SECRET), on.toString());
        assertEquals("tokens (HS256, at most 3600 s)", on.toString());
    }

    @Test
    void withoutAKeyEveryTokenIsRefusedAndNoneIsIssued() {
        Tokens off = tokens("", NOW);
        assertFalse(off.enabled());
        String token = tokens(SECRET, NOW).issue("app", List.of(), GRANT, 60).token();
        assertRefused(TokenRefusal.Reason.DISABLED, "tokens are not configured on this server", off, token);
        assertThrows(IllegalStateException.class, () -> off.issue("app", List.of(), GRANT, 60));
    }

    @Test
    void everyReasonIsAMetricsLabelFromTheStart() {
        List<String> labels = Arrays.stream(TokenRefusal.Reason.values()).map(TokenRefusal.Reason::label).toList();
        assertEquals(labels, Metrics.TOKEN_REFUSALS);
    }

    /** Claims as this server issues them, between two instants. */
    static JWTClaimsSet.Builder claims(Instant iat, Instant exp) {
        return new JWTClaimsSet.Builder().issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("app")
                .issueTime(Date.from(iat)).expirationTime(exp == null ? null : Date.from(exp))
                .claim("subscribe", List.of("news")).claim("publish", List.of());
    }

    static MACSigner mac(byte[] key) {
        try {
            return new MACSigner(key);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** header.payload, signed with HS256 and the right key, whatever they hold. */
    private static String signedWithKey(String header, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64URL.encode(signature);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertClaimsRefused(Tokens tokens, JWTClaimsSet.Builder claims, String why) {
        assertRefused(TokenRefusal.Reason.CLAIMS, "invalid claims: " + why, tokens,
                sign(mac(KEY), JWSAlgorithm.HS256, claims));
    }

    static void assertRefused(TokenRefusal.Reason reason, String messageStart, Tokens tokens, String token) {
        TokenRefusal refused = assertThrows(TokenRefusal.class, () -> tokens.verify(token));
        assertEquals(reason, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(messageStart), refused.getMessage());
        assertFalse(token.length() > 20 && refused.getMessage().contains(token), "the message quotes the token");
    }
}
