package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.metrics.Metrics;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A token's patterns at their boundaries, their limits, and the topic rules still deciding on top of them. */
class GrantTest {

    @Test
    void patternsMatchAsInTheRulesFile() {
        Grant grant = Grant.of(List.of("news", "chat.*"), List.of("*"));
        assertTrue(grant.allows(Action.SUBSCRIBE, "news"));
        assertTrue(grant.allows(Action.HISTORY, "news"));
        assertFalse(grant.allows(Action.SUBSCRIBE, "news.")); // one character more: not the exact name
        assertFalse(grant.allows(Action.SUBSCRIBE, "new"));
        assertTrue(grant.allows(Action.SUBSCRIBE, "chat."));
        assertTrue(grant.allows(Action.SUBSCRIBE, "chat.room"));
        assertFalse(grant.allows(Action.SUBSCRIBE, "chat")); // one character less than the prefix
        assertTrue(grant.allows(Action.PUBLISH, "anything"));
        assertFalse(Grant.of(List.of("*"), List.of()).allows(Action.PUBLISH, "news"));
    }

    @Test
    void badPatternsAreRefusedByTheirPlaceAndTheirNumberIsBounded() {
        assertEquals("subscribe[1] is not a topic name (1-64 characters of A-Z a-z 0-9 . _ -), a prefix of one"
                + " followed by *, or * alone", assertThrows(IllegalArgumentException.class,
                        () -> Grant.of(List.of("ok", "a*b"), List.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grant.of(List.of("x".repeat(65)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Grant.of(List.of("x".repeat(64) + "*"), List.of()));
        Grant.of(List.of("x".repeat(64), "x".repeat(63) + "*"), List.of());
        assertThrows(IllegalArgumentException.class, () -> Grant.of(Collections.singletonList(null), List.of()));
        assertEquals("publish[0]: \"clock\" is published by the server only", assertThrows(
                IllegalArgumentException.class, () -> Grant.of(List.of(), List.of("clock"))).getMessage());
        Grant.of(List.of("clock"), List.of("clock.*")); // subscribing to it is fine; clock.x is another topic
        List<String> most = Collections.nCopies(Grant.MAX_PATTERNS, "a");
        Grant.of(most, most);
        List<String> tooMany = Collections.nCopies(Grant.MAX_PATTERNS + 1, "a");
        assertEquals("publish has more than 50 patterns", assertThrows(IllegalArgumentException.class,
                () -> Grant.of(most, tooMany)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grant.of(List.of(), List.of()));
    }

    @Test
    void theTopicRulesStillDecideOnTopOfAToken() {
        TopicRules rules = RulesParser.parse("""
                orders.*  subscribe=publisher  publish=publisher
                secret.*  subscribe=admin
                *         subscribe=anonymous
                """, "test");
        TopicGate gate = new TopicGate(rules, new Metrics(10));
        Grant grant = Grant.of(List.of("orders.*", "secret.*", "news"), List.of("orders.*", "news"));
        Instant later = Instant.now().plusSeconds(60);
        Identity publisher = new Token("app", Set.of("publisher"), grant, later).identity();
        Identity nobody = new Token("app", Set.of(), grant, later).identity();
        assertTrue(gate.allows(Action.SUBSCRIBE, "orders.new", publisher, () -> "test"));
        assertTrue(gate.allows(Action.PUBLISH, "orders.new", publisher, () -> "test"));
        assertFalse(gate.allows(Action.SUBSCRIBE, "orders.new", nobody, () -> "test")); // the rules refuse
        assertFalse(gate.allows(Action.SUBSCRIBE, "secret.x", publisher, () -> "test")); // the rules refuse
        assertFalse(gate.allows(Action.SUBSCRIBE, "other", publisher, () -> "test")); // the token does not name it
        assertTrue(gate.allows(Action.SUBSCRIBE, "news", nobody, () -> "test"));
        assertFalse(gate.allows(Action.PUBLISH, "news", publisher, () -> "test")); // the rules let nobody publish
        Identity expired = new Token("app", Set.of("publisher"), grant, Instant.now().minusSeconds(3)).identity();
        assertFalse(gate.allows(Action.SUBSCRIBE, "orders.new", expired, () -> "test"));
        assertEquals("app (token)", publisher.who());
    }
}
