package io.echopush.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * Access tokens for clients without a container session (D44): HS256 JWTs signed with the one key of
 * {@code echopush.token-secret}, so that every node with the same settings accepts every node's tokens.
 */
public final class Tokens {

    /** How far clocks of two nodes may differ: a token is good until its expiry plus this. */
    public static final Duration LEEWAY = Duration.ofSeconds(2);

    static final String ISSUER = "echo-push";
    static final String AUDIENCE = "push.v1";
    static final String ROLES = "roles";
    static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final TokenChecks checks;
    private final int maxSeconds;
    private final Clock clock;

    private Tokens(byte[] secret, int maxSeconds, Clock clock) throws JOSEException {
        this.signer = secret == null ? null : new MACSigner(secret);
        this.checks = secret == null ? null : new TokenChecks(secret, maxSeconds);
        this.maxSeconds = maxSeconds;
        this.clock = clock;
    }

    /** A token issued: the compact JWS and its expiry in seconds since the epoch. */
    public record Issued(String token, long exp) {
    }

    /**
     * @param key the setting's name, for errors
     * @param secret base64 of at least 32 bytes, or empty for no tokens
     * @throws IllegalArgumentException if the secret is not that; the message never shows it
     */
    public static Tokens of(String key, String secret, int maxSeconds, Clock clock) {
        try {
            return new Tokens(secret.isEmpty() ? null : decode(key, secret), maxSeconds, clock);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(key + " cannot be used as an HS256 key", e);
        }
    }

    private static byte[] decode(String key, String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException notStandard) {
            try {
                bytes = Base64.getUrlDecoder().decode(secret);
            } catch (IllegalArgumentException notUrl) {
                throw new IllegalArgumentException(key + " is not base64 (make one with: openssl rand -base64 32)");
            }
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(key + " must be at least " + MIN_SECRET_BYTES + " bytes, base64-encoded"
                    + " (make one with: openssl rand -base64 32); it has " + bytes.length);
        }
        return bytes;
    }

    public boolean enabled() {
        return signer != null;
    }

    public int maxSeconds() {
        return maxSeconds;
    }

    /**
     * Signs a token for {@code subject} with {@code roles} (the issuer's, of those the rules name), good for
     * {@code seconds} (1 to the maximum) from now, in whole seconds.
     */
    public Issued issue(String subject, Collection<String> roles, Grant grant, int seconds) {
        if (!enabled()) {
            throw new IllegalStateException("tokens are off");
        }
        if (seconds < 1 || seconds > maxSeconds) {
            throw new IllegalArgumentException("seconds must be from 1 to " + maxSeconds);
        }
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = now.plusSeconds(seconds);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(exp))
                .claim(Action.SUBSCRIBE.label(), grant.subscribe()).claim(Action.PUBLISH.label(), grant.publish())
                .claim(ROLES, List.copyOf(roles)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return new Issued(jwt.serialize(), exp.getEpochSecond());
    }

    /** The token's rights if it passes every check; else why not, one reason for each kind of failure. */
    public Token verify(String token) throws TokenRefusal {
        if (!enabled()) {
            throw new TokenRefusal(TokenRefusal.Reason.DISABLED, "tokens are not configured on this server");
        }
        return checks.verify(token, clock.instant());
    }

    /** For the deploy log: whether tokens are on and their longest lifetime, never the key. */
    @Override
    public String toString() {
        return enabled() ? "tokens (HS256, at most " + maxSeconds + " s)" : "no tokens";
    }
}
