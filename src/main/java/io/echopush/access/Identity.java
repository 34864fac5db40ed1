package io.echopush.access;

import java.security.Principal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who a client is, as the container says (never the client) or a token we signed: its user's name (null if
 * anonymous) and, of the roles the rules name, those it has, with the pseudo-roles {@code anonymous} (everyone) and
 * {@code authenticated}; with a token, that token, which narrows what the roles allow (D44).
 */
public record Identity(String name, Set<String> roles, Token token) {

    public static final String ANONYMOUS = "anonymous";
    public static final String AUTHENTICATED = "authenticated";
    public static final Identity NOBODY = new Identity(null, Set.of(ANONYMOUS));

    private static final String KEY = "io.echopush.identity";

    public Identity {
        roles = Set.copyOf(roles);
    }

    /** An identity from the container: no token narrows it. */
    public Identity(String name, Set<String> roles) {
        this(name, roles, null);
    }

    /** Asks the container about each role in {@code roleNames}, only those: a session keeps no more than it needs. */
    public static Identity of(Principal user, Predicate<String> isUserInRole, Collection<String> roleNames) {
        if (user == null) {
            return NOBODY;
        }
        Set<String> roles = new HashSet<>(Set.of(ANONYMOUS, AUTHENTICATED));
        for (String role : roleNames) {
            if (isUserInRole.test(role)) {
                roles.add(role);
            }
        }
        return new Identity(user.getName(), roles);
    }

    /** Carries this identity from the handshake into its session's user properties. */
    public void record(Map<String, Object> userProperties) {
        userProperties.put(KEY, this);
    }

    /** The identity the handshake recorded; anonymous if none was (a session that bypassed our configurator). */
    public static Identity recorded(Map<String, Object> userProperties) {
        return userProperties.get(KEY) instanceof Identity identity ? identity : NOBODY;
    }

    /** Whether {@code action} on {@code topic} is within the token, if there is one (the rules decide apart). */
    public boolean tokenAllows(Action action, String topic) {
        return token == null || token.allows(action, topic, Instant.now());
    }

    /** For logs: the user's name, or {@code (anonymous)}; marked if it came with a token. */
    public String who() {
        return name == null ? "(anonymous)" : token == null ? name : name + " (token)";
    }
}
