package io.echopush.access;

import io.echopush.protocol.TopicName;
import java.util.List;

/**
 * What a token lets its holder do (D44): topic patterns to subscribe to (and read the history of) and to publish
 * to, in the rules file's grammar (an exact name, a prefix followed by {@code *}, or {@code *} alone).
 */
public record Grant(List<String> subscribe, List<String> publish) {

    /** Most patterns of each kind a token may carry, so that a token stays short. */
    public static final int MAX_PATTERNS = 50;

    public Grant {
        subscribe = List.copyOf(subscribe);
        publish = List.copyOf(publish);
    }

    /**
     * Checks every pattern, so that a token never carries one that a rules file would refuse.
     *
     * @throws IllegalArgumentException naming the first wrong pattern by its place, never quoting it
     */
    public static Grant of(List<String> subscribe, List<String> publish) {
        check(Action.SUBSCRIBE.label(), subscribe);
        check(Action.PUBLISH.label(), publish);
        if (subscribe.isEmpty() && publish.isEmpty()) {
            throw new IllegalArgumentException("grants nothing: name topic patterns to subscribe or publish");
        }
        return new Grant(subscribe, publish);
    }

    private static void check(String key, List<String> patterns) {
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException(key + " has more than " + MAX_PATTERNS + " patterns");
        }
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern == null || !RulesParser.isPattern(pattern)) {
                throw new IllegalArgumentException(key + "[" + i + "] is not a topic name (" + TopicName.RULE
                        + "), a prefix of one followed by *, or * alone");
            }
            if (key.equals(Action.PUBLISH.label()) && TopicName.isServerOnly(pattern)) {
                throw new IllegalArgumentException(key + "[" + i + "]: \"" + pattern
                        + "\" is published by the server only");
            }
        }
    }

    /** Whether one of the patterns for {@code action} matches {@code topic}; a history read needs subscribe. */
    public boolean allows(Action action, String topic) {
        List<String> patterns = action == Action.PUBLISH ? publish : subscribe;
        for (String pattern : patterns) {
            boolean prefix = pattern.endsWith("*");
            if (prefix ? topic.startsWith(pattern.substring(0, pattern.length() - 1)) : topic.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
