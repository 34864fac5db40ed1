package io.echopush.sse;

import io.echopush.access.Identity;
import io.echopush.access.SessionUser;
import io.echopush.access.Token;
import io.echopush.access.TokenRefusal;
import io.echopush.lifecycle.Application;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * Who a stream's client is, from what the request carries: a bearer access token (D44; a client that can set a
 * header, never a token in the URL, which logs and proxies keep), the container's user, or the user of the HTTP
 * session {@code /api/session} signed in (D45).
 */
record StreamIdentity(Identity identity, Token token) {

    private static final String BEARER = "bearer ";

    /** @throws TokenRefusal if a bearer token came and does not pass: counted, and the stream refused (401) */
    static StreamIdentity of(Application app, HttpServletRequest request) throws TokenRefusal {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            try {
                Token token = app.tokens().verify(authorization.substring(BEARER.length()).trim());
                return new StreamIdentity(token.identity(), token);
            } catch (TokenRefusal e) {
                app.metrics().tokenRefused(e.reason().label());
                throw e;
            }
        }
        Identity identity = app.gate().identify(request.getUserPrincipal(), request::isUserInRole);
        return new StreamIdentity(identity.name() != null ? identity
                : SessionUser.signedIn(request.getSession(false)), null);
    }

    /** Whether the user came with the HTTP session, so that the stream ends with it (sign-out). */
    boolean fromSession(HttpServletRequest request) {
        return token == null && identity.name() != null && request.getSession(false) != null;
    }
}
