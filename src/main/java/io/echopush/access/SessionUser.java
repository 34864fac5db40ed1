package io.echopush.access;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Set;

/**
 * The user an HTTP session was signed in with at {@code /api/session}, kept in that session: a socket opened in it
 * carries the user on every container, though some bring a session's user only to constrained paths (D45).
 * Serializable, as containers may store or move sessions.
 */
public record SessionUser(String name, Set<String> roles) implements Serializable {

    /** The session attribute that holds it. */
    public static final String ATTRIBUTE = "io.echopush.session-user";

    private static final long serialVersionUID = 1L;

    public SessionUser {
        roles = Set.copyOf(roles);
    }

    /** What a signed-in identity keeps in its session; null for anonymous, which signs nothing in. */
    public static SessionUser of(Identity identity) {
        return identity.name() == null ? null : new SessionUser(identity.name(), identity.roles());
    }

    /**
     * The identity of the user the HTTP session was signed in with at {@code /api/session}, where the container did
     * not bring it (D45); anonymous without a session or one, or if it was invalidated meanwhile.
     */
    public static Identity signedIn(HttpSession httpSession) {
        try {
            return httpSession != null && httpSession.getAttribute(ATTRIBUTE) instanceof SessionUser user
                    ? user.identity() : Identity.NOBODY;
        } catch (IllegalStateException invalidated) {
            return Identity.NOBODY; // signed out meanwhile
        }
    }

    /** The identity a socket opened in this session gets: the roles as the container said at sign-in. */
    public Identity identity() {
        return new Identity(name, roles);
    }
}
