package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A rules file is read strictly: every mistake stops the deployment with a message naming its line and what. */
class RulesParserTest {

    private static TopicRules parse(String text) {
        return RulesParser.parse(text, "rules");
    }

    private static void refused(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aFileOfRulesCommentsAndBlankLines() {
        TopicRules rules = parse("""
                # who may do what
                orders.*   subscribe=staff,admin  publish=admin   # orders
                orders.audit subscribe=admin

                clock subscribe=anonymous
                *  subscribe=authenticated\r
                """);
        assertEquals(4, rules.rules().size());
        assertEquals(Set.of("staff", "admin"), rules.ruleFor("orders.new").subscribe());
        assertEquals(Set.of(), rules.ruleFor("orders.audit").publish());
        assertEquals(Set.of("staff", "admin"), rules.roleNames());
    }

    @Test
    void everyMistakeNamesItsLine() {
        refused("* subscribe=a\norders.* subscibe=a", "rules line 2: unknown key \"subscibe\" (subscribe or publish)");
        refused("* subscribe=a\norders.* subscribe = a", "rules line 2: \"subscribe\" is not key=role,role (no spaces"
                + " around =)");
        refused("* publish=", "rules line 1: publish= needs role names separated by commas, not \"\" (leave the key out"
                + " to allow nobody)");
        refused("* publish=a,,b", "rules line 1: publish= needs role names separated by commas, not \"a,,b\" (leave"
                + " the key out to allow nobody)");
        refused("* publish=a,", "rules line 1: publish= needs role names separated by commas, not \"a,\" (leave"
                + " the key out to allow nobody)");
        refused("* publish=a publish=b", "rules line 1: publish= given twice");
        refused("* subscribe=a\n\n# x\norders.* subscribe=a\norders.* publish=b",
                "rules line 5: a second rule for orders.* (line 4)");
        refused("* subscribe=a\nclock publish=admin", "rules line 2: clock is published by the server only: no"
                + " publish= for it");
        refused("orders.* subscribe=a", "rules: no rule for the topics no other rule matches: add one for * (e.g."
                + " \"* subscribe=anonymous\")");
        refused("", "rules: no rule for the topics no other rule matches: add one for * (e.g."
                + " \"* subscribe=anonymous\")");
    }

    @Test
    void aPatternIsATopicNameAPrefixOfOneOrStar() {
        String[] bads = {"**", "a*b", "*a", "ord ers", "örders", "x".repeat(65), "x".repeat(64) + "*"};
        for (String bad : bads) {
            assertFalse(RulesParser.isPattern(bad), bad);
        }
        for (String good : new String[] {"*", "a", "a*", "orders.*", "x".repeat(64), "x".repeat(63) + "*"}) {
            assertTrue(RulesParser.isPattern(good), good);
        }
        refused("a*b subscribe=x", "rules line 1: \"a*b\" is not a topic name (1-64 characters of A-Z a-z 0-9 . _ -),"
                + " a prefix of one followed by *, or * alone");
    }
}
