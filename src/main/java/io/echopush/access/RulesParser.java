package io.echopush.access;

import io.echopush.protocol.TopicName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rules file strictly: one rule a line, {@code pattern key=role,role ...}, keys {@code subscribe} and
 * {@code publish}, {@code #} to the end of a line a comment. Anything else stops the deployment, naming the line.
 */
public final class RulesParser {

    private static final String SUBSCRIBE = "subscribe";
    private static final String PUBLISH = "publish";

    private RulesParser() {
    }

    /** @param source names the file in errors */
    public static TopicRules parse(String text, String source) {
        List<TopicRule> rules = new ArrayList<>();
        Map<String, Integer> lineOfPattern = new HashMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int hash = lines[i].indexOf('#');
            String line = (hash < 0 ? lines[i] : lines[i].substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            TopicRule rule = rule(line.split("\\s+"), where);
            Integer earlier = lineOfPattern.putIfAbsent(rule.pattern(), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException(where + "a second rule for " + rule.pattern() + " (line " + earlier
                        + ")");
            }
            rules.add(rule);
        }
        if (!lineOfPattern.containsKey(TopicRule.EVERY_TOPIC)) {
            throw new IllegalArgumentException(source + ": no rule for the topics no other rule matches: add one for"
                    + " * (e.g. \"* subscribe=anonymous\")");
        }
        return new TopicRules(rules);
    }

    private static TopicRule rule(String[] words, String where) {
        String pattern = words[0];
        if (!isPattern(pattern)) {
            throw new IllegalArgumentException(where + "\"" + pattern + "\" is not a topic name (" + TopicName.RULE
                    + "), a prefix of one followed by *, or * alone");
        }
        Map<String, Set<String>> grants = new HashMap<>();
        for (int w = 1; w < words.length; w++) {
            int equals = words[w].indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(where + "\"" + words[w] + "\" is not key=role,role (no spaces"
                        + " around =)");
            }
            String key = words[w].substring(0, equals);
            if (!key.equals(SUBSCRIBE) && !key.equals(PUBLISH)) {
                throw new IllegalArgumentException(where + "unknown key \"" + key + "\" (subscribe or publish)");
            }
            if (grants.put(key, roles(words[w].substring(equals + 1), key, where)) != null) {
                throw new IllegalArgumentException(where + key + "= given twice");
            }
        }
        if (grants.containsKey(PUBLISH) && TopicName.isServerOnly(pattern)) {
            throw new IllegalArgumentException(where + pattern + " is published by the server only: no publish= for"
                    + " it");
        }
        return new TopicRule(pattern, grants.getOrDefault(SUBSCRIBE, Set.of()), grants.getOrDefault(PUBLISH,
                Set.of()));
    }

    private static Set<String> roles(String list, String key, String where) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : list.split(",", -1)) {
            if (role.isEmpty() || role.contains("=")) {
                throw new IllegalArgumentException(where + key + "= needs role names separated by commas, not \""
                        + list + "\" (leave the key out to allow nobody)");
            }
            roles.add(role);
        }
        return roles;
    }

    /** {@code *}, a topic name, or a prefix of one (1–63 characters) followed by {@code *}. */
    static boolean isPattern(String pattern) {
        if (pattern.equals(TopicRule.EVERY_TOPIC)) {
            return true;
        }
        String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) + "x" : pattern;
        return TopicName.isValid(name);
    }
}
