package io.echopush.access;

import static io.echopush.access.TokenRefusal.Reason.ALGORITHM;
import static io.echopush.access.TokenRefusal.Reason.CLAIMS;
import static io.echopush.access.TokenRefusal.Reason.EXPIRED;
import static io.echopush.access.TokenRefusal.Reason.MALFORMED;
import static io.echopush.access.TokenRefusal.Reason.NOT_YET_VALID;
import static io.echopush.access.TokenRefusal.Reason.SIGNATURE;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.echopush.protocol.PushCodec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every check a presented token must pass, in order: its form, its algorithm (HS256 alone, named in the header, so
 * that {@code none} or a public key taken for a secret cannot pass), its signature, then its claims and times.
 */
final class TokenChecks {

    private final MACVerifier verifier;
    private final int maxSeconds;

    TokenChecks(byte[] secret, int maxSeconds) throws JOSEException {
        this.verifier = new MACVerifier(secret);
        this.maxSeconds = maxSeconds;
    }

    Token verify(String token, Instant now) throws TokenRefusal {
        if (token.length() > PushCodec.MAX_TOKEN_CHARS) {
            throw new TokenRefusal(MALFORMED, "malformed token: longer than " + PushCodec.MAX_TOKEN_CHARS
                    + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRefusal(MALFORMED, "malformed token: not a signed JWT (header.payload.signature)");
        }
        if (jwt instanceof PlainJWT) {
            throw new TokenRefusal(ALGORITHM, "algorithm none is refused: tokens must be signed with HS256");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRefusal(MALFORMED, "malformed token: an encrypted JWT, not a signed one");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!JWSAlgorithm.HS256.equals(algorithm)) {
            throw new TokenRefusal(ALGORITHM, "algorithm " + clip(algorithm.getName()) + " is refused: HS256 only");
        }
        if (!verified(signed)) {
            throw new TokenRefusal(SIGNATURE, "bad signature: not signed with this server's key");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
            return token(claims, now);
        } catch (ParseException e) {
            throw new TokenRefusal(MALFORMED, "malformed token: its claims are not what this server issues");
        }
    }

    private boolean verified(SignedJWT signed) {
        try {
            return signed.verify(verifier); // false too for critical header parameters we do not know
        } catch (JOSEException e) {
            return false;
        }
    }

    private Token token(JWTClaimsSet claims, Instant now) throws TokenRefusal, ParseException {
        String subject = claims.getSubject();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (!Tokens.ISSUER.equals(claims.getIssuer()) || claims.getAudience() == null
                || !claims.getAudience().contains(Tokens.AUDIENCE)) {
            throw new TokenRefusal(CLAIMS, "invalid claims: not issued for push.v1 by this service (iss, aud)");
        }
        if (subject == null || subject.isEmpty() || exp == null || iat == null) {
            throw new TokenRefusal(CLAIMS, "invalid claims: sub, exp and iat are required");
        }
        if (now.isAfter(exp.toInstant().plus(Tokens.LEEWAY))) {
            throw new TokenRefusal(EXPIRED, "token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        Instant early = now.plus(Tokens.LEEWAY);
        if (iat.toInstant().isAfter(early) || (nbf != null && nbf.toInstant().isAfter(early))) {
            throw new TokenRefusal(NOT_YET_VALID, "token not yet valid (nbf or iat later than now)");
        }
        if (exp.toInstant().getEpochSecond() - iat.toInstant().getEpochSecond() > maxSeconds) {
            throw new TokenRefusal(CLAIMS, "invalid claims: a lifetime longer than " + maxSeconds + " seconds");
        }
        Grant grant;
        try {
            grant = Grant.of(list(claims, Action.SUBSCRIBE.label()), list(claims, Action.PUBLISH.label()));
        } catch (IllegalArgumentException e) {
            throw new TokenRefusal(CLAIMS, "invalid claims: " + e.getMessage());
        }
        return new Token(subject, Set.copyOf(list(claims, Tokens.ROLES)), grant, exp.toInstant());
    }

    private static List<String> list(JWTClaimsSet claims, String name) throws ParseException {
        List<String> list = claims.getStringListClaim(name);
        if (list != null && list.stream().anyMatch(Objects::isNull)) {
            throw new ParseException(name + " holds a null", 0);
        }
        return list == null ? List.of() : list;
    }

    /** A header's algorithm is the client's text: at most 16 characters of it, on one line, in a reply. */
    private static String clip(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 16 ? oneLine : oneLine.substring(0, 16) + "…";
    }
}
