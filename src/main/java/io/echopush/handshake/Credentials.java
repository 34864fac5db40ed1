package io.echopush.handshake;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * BASIC credentials on a handshake the container did not have to authenticate ({@code /push} has no security
 * constraint): checked by the container's own login, so that the socket gets its user and roles (D42).
 */
public final class Credentials {

    private Credentials() {
    }

    /**
     * True if the handshake may go on: it carries no BASIC credentials, its user is known already, or the container
     * accepts them. False if it refused them: it has answered (401) and the handshake ends there.
     */
    public static boolean accepted(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || request.getUserPrincipal() != null
                || !authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
            return true;
        }
        return request.authenticate(response);
    }
}
