package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private final SessionRegistry registry = TestRegistry.create();

    @Test
    void closeAllSaysGoingAwayToEverySession() {
        FakeSession first = new FakeSession(true);
        FakeSession second = new FakeSession(true);
        registry.open("echo", first.session());
        registry.open("echo", second.session());
        registry.closeAll(CloseCodes.GOING_AWAY, "Server shutting down");
        assertEquals(CloseCodes.GOING_AWAY, first.closes().get(0).getCloseCode());
        assertEquals(CloseCodes.GOING_AWAY, second.closes().get(0).getCloseCode());
        assertEquals(0, registry.count("echo"));
    }
}
