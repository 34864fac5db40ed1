package io.echopush.access;

import java.util.Set;

/**
 * Who may subscribe to (and read the history of) and who may publish to the topics of one pattern: an exact topic
 * name, a prefix ending in {@code *} ({@code orders.*}), or {@code *} alone for every topic no other rule matches.
 */
public record TopicRule(String pattern, Set<String> subscribe, Set<String> publish) {

    public static final String EVERY_TOPIC = "*";

    public TopicRule {
        subscribe = Set.copyOf(subscribe);
        publish = Set.copyOf(publish);
    }

    public boolean isPrefix() {
        return pattern.endsWith("*");
    }

    public boolean matches(String topic) {
        return isPrefix() ? topic.startsWith(pattern.substring(0, pattern.length() - 1)) : topic.equals(pattern);
    }

    /** Higher wins: an exact name over any prefix, a longer prefix over a shorter one, {@code *} last. */
    int specificity() {
        return isPrefix() ? pattern.length() - 1 : Integer.MAX_VALUE;
    }

    /** Whether {@code identity} has one of the roles this rule gives {@code action}. */
    boolean allows(Action action, Identity identity) {
        Set<String> roles = action == Action.PUBLISH ? publish : subscribe;
        return roles.stream().anyMatch(identity.roles()::contains);
    }
}
