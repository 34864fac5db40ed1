package io.echopush.access;

import java.util.Locale;

/** Why a token was not accepted; the message is for the client (never quoting the token), the reason for metrics. */
public final class TokenRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** Each kind of refusal, as {@code echopush_token_refusals_total} labels it. */
    public enum Reason {
        /** This server has no {@code echopush.token-secret}. */
        DISABLED,
        /** Not a compact JWS, unreadable JSON, a claim of the wrong type. */
        MALFORMED,
        /** {@code none}, an RSA or EC algorithm, HS384, HS512: only HS256 is accepted. */
        ALGORITHM,
        /** Signed with another key, or altered. */
        SIGNATURE,
        EXPIRED,
        /** {@code nbf} or {@code iat} later than now (beyond the leeway). */
        NOT_YET_VALID,
        /** Signed by our key, but not a token of ours: issuer, audience, subject, patterns or lifetime wrong. */
        CLAIMS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    TokenRefusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
