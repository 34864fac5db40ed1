package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule kind at its boundary: the pattern and one character off, a role present and absent, anonymous. */
class TopicRulesTest {

    private static final TopicRules RULES = RulesParser.parse("""
            orders.*      subscribe=staff  publish=admin
            orders.audit  subscribe=admin
            news          subscribe=anonymous  publish=authenticated
            *             subscribe=authenticated
            """, "test");

    private static final Identity STAFF = user("sam", "staff");
    private static final Identity ADMIN = user("ada", "admin");
    private static final Identity SIGNED_IN = user("sid");

    private static Identity user(String name, String... roles) {
        Principal principal = () -> name;
        return Identity.of(principal, Set.of(roles)::contains, RULES.roleNames());
    }

    @Test
    void thePrefixMatchesWhatStartsWithItAndNothingOneCharacterOff() {
        assertTrue(RULES.allows(Action.SUBSCRIBE, "orders.new", STAFF));
        assertTrue(RULES.allows(Action.HISTORY, "orders.new", STAFF));
        assertTrue(RULES.allows(Action.PUBLISH, "orders.new", ADMIN));
        assertTrue(RULES.allows(Action.PUBLISH, "orders.", ADMIN)); // * stands for any rest, none too
        for (String off : new String[] {"orders", "orders_", "Orders.new", "order.new"}) {
            assertFalse(RULES.allows(Action.PUBLISH, off, ADMIN), off); // falls to *, which lets nobody publish
            assertEquals("*", RULES.ruleFor(off).pattern(), off);
        }
    }

    @Test
    void theMostSpecificRuleAloneDecides() {
        assertFalse(RULES.allows(Action.SUBSCRIBE, "orders.audit", STAFF));
        assertTrue(RULES.allows(Action.SUBSCRIBE, "orders.audit", ADMIN));
        assertFalse(RULES.allows(Action.PUBLISH, "orders.audit", ADMIN)); // no publish= there: nobody
        assertTrue(RULES.allows(Action.SUBSCRIBE, "orders.audit2", STAFF)); // not the exact name: the prefix
        assertEquals("orders.*", RULES.ruleFor("orders.audi").pattern());
    }

    @Test
    void aRolePresentAllowsAndAbsentRefuses() {
        assertTrue(RULES.allows(Action.PUBLISH, "orders.new", ADMIN));
        assertFalse(RULES.allows(Action.PUBLISH, "orders.new", STAFF));
        assertFalse(RULES.allows(Action.PUBLISH, "orders.new", SIGNED_IN));
    }

    @Test
    void anonymousIsEveryoneAndAuthenticatedEveryoneSignedIn() {
        assertTrue(RULES.allows(Action.SUBSCRIBE, "news", Identity.NOBODY));
        assertTrue(RULES.allows(Action.SUBSCRIBE, "news", ADMIN));
        assertFalse(RULES.allows(Action.PUBLISH, "news", Identity.NOBODY));
        assertTrue(RULES.allows(Action.PUBLISH, "news", SIGNED_IN));
        assertFalse(RULES.allows(Action.SUBSCRIBE, "other", Identity.NOBODY));
        assertFalse(RULES.allows(Action.HISTORY, "other", Identity.NOBODY));
        assertTrue(RULES.allows(Action.HISTORY, "other", SIGNED_IN));
    }

    @Test
    void theContainerIsAskedOnlyAboutTheRolesTheRulesName() {
        List<String> asked = new ArrayList<>();
        Identity identity = Identity.of(() -> "x", role -> asked.add(role), RULES.roleNames());
        assertEquals(Set.of("staff", "admin"), Set.copyOf(asked));
        assertEquals(Set.of("staff", "admin", Identity.ANONYMOUS, Identity.AUTHENTICATED), identity.roles());
        assertEquals(Set.of(Identity.ANONYMOUS), Identity.of(null, role -> true, RULES.roleNames()).roles());
    }

    @Test
    void withoutAFileAnyoneMayDoAnything() {
        for (Action action : Action.values()) {
            assertTrue(TopicRules.OPEN.allows(action, "anything", Identity.NOBODY));
        }
        assertEquals(Set.of(), TopicRules.OPEN.roleNames());
    }
}
