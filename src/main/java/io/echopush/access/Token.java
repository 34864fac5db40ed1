package io.echopush.access;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A token that passed every check: the user it names, the roles its issuer had (of those the rules name), what it
 * grants, and when it expires. It lets no more than the topic rules let a user with those roles (D44).
 */
public record Token(String subject, Set<String> roles, Grant grant, Instant expires) {

    /** The close reason of a socket or stream whose token ran out (with 1008). */
    public static final String EXPIRED = "Token expired";

    public Token {
        roles = Set.copyOf(roles);
    }

    /** The last moment it is good for: its expiry plus the leeway for clocks that differ between nodes. */
    public Instant end() {
        return expires.plus(Tokens.LEEWAY);
    }

    /** Whether it grants {@code action} on {@code topic} at {@code now}. */
    public boolean allows(Action action, String topic, Instant now) {
        return !now.isAfter(end()) && grant.allows(action, topic);
    }

    /** Who a socket is once it has presented this token: a signed-in user with the issuer's roles. */
    public Identity identity() {
        Set<String> all = new HashSet<>(roles);
        all.add(Identity.ANONYMOUS);
        all.add(Identity.AUTHENTICATED);
        return new Identity(subject, all, this);
    }
}
