package io.echopush.access;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every rule of a deployment; the most specific rule matching a topic alone decides (D42). The rules are read once at
 * deploy, so every node with the same file decides the same.
 */
public final class TopicRules {

    /** Without a rules file, today's behaviour: anyone may subscribe to and publish to every topic. */
    public static final TopicRules OPEN = new TopicRules(List.of(new TopicRule(TopicRule.EVERY_TOPIC,
            Set.of(Identity.ANONYMOUS), Set.of(Identity.ANONYMOUS))));

    private final List<TopicRule> rules;
    private final Set<String> roleNames;

    /** @param rules with no two patterns alike and one {@code *} (what {@link RulesParser} checks) */
    TopicRules(List<TopicRule> rules) {
        this.rules = rules.stream().sorted(Comparator.comparingInt(TopicRule::specificity).reversed()).toList();
        Set<String> names = new TreeSet<>();
        for (TopicRule rule : rules) {
            names.addAll(rule.subscribe());
            names.addAll(rule.publish());
        }
        names.remove(Identity.ANONYMOUS);
        names.remove(Identity.AUTHENTICATED);
        this.roleNames = Set.copyOf(names);
    }

    /** Whether {@code identity} may do {@code action} on {@code topic}, a valid topic name. */
    public boolean allows(Action action, String topic, Identity identity) {
        return ruleFor(topic).allows(action, identity);
    }

    /** The most specific rule that matches {@code topic}; {@code *} matches every topic. */
    public TopicRule ruleFor(String topic) {
        for (TopicRule rule : rules) {
            if (rule.matches(topic)) {
                return rule;
            }
        }
        throw new IllegalStateException("no rule for every topic (*)");
    }

    /** The container roles the rules name (without the pseudo-roles): all a session need be asked about. */
    public Set<String> roleNames() {
        return roleNames;
    }

    public List<TopicRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return rules.size() + " topic rules";
    }
}
