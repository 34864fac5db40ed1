package io.echopush.access;

import io.echopush.metrics.Metrics;
import io.echopush.support.LogText;
import java.security.Principal;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The one check every entry point makes before a subscribe, publish or history read: the rules decide, and a token
 * can only narrow them (D44); a refusal is counted in {@code /metrics} and logged, with the topic and the user but
 * never a payload.
 */
public final class TopicGate {

    /** The reason a refused client is given, on a socket and over HTTP. */
    public static final String FORBIDDEN = "forbidden";

    private static final Logger LOG = Logger.getLogger(TopicGate.class.getName());

    private final TopicRules rules;
    private final Metrics metrics;

    public TopicGate(TopicRules rules, Metrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    /** @param where says, for the log line, where the request came (only asked on a refusal) */
    public boolean allows(Action action, String topic, Identity identity, Supplier<String> where) {
        if (rules.allows(action, topic, identity) && identity.tokenAllows(action, topic)) {
            return true;
        }
        metrics.forbidden(action.label());
        LOG.info(() -> "Refused " + action.label() + " on topic " + topic + " for " + LogText.clip(identity.who())
                + " (" + where.get() + "): " + FORBIDDEN);
        return false;
    }

    public TopicRules rules() {
        return rules;
    }

    /** Who the container says a caller is: its user and, of the roles the rules name, those it has (D42). */
    public Identity identify(Principal user, Predicate<String> isUserInRole) {
        return Identity.of(user, isUserInRole, rules.roleNames());
    }

    /** Of the roles the rules name, those the caller has, sorted: what a token or a session's answer carries. */
    public List<String> rolesOf(Predicate<String> isUserInRole) {
        return rules.roleNames().stream().filter(isUserInRole).sorted().toList();
    }
}
