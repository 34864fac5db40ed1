package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caps of 3 in total and 2 per address: a place reserved at the handshake passes to the session that opens. */
class CapsHandOffTest {

    private final SessionRegistry registry = TestRegistry.create();

    /** At the caps' limits; a session's place is freed when it leaves. */
    @Test
    void handshakesOverAConnectionCapAreRefusedAndALeavingSessionMakesRoom() {
        assertNull(registry.reserve("192.0.2.1"));
        assertNull(registry.reserve("192.0.2.1")); // the address's limit
        assertEquals(ConnectionCaps.Refusal.ADDRESS, registry.reserve("192.0.2.1")); // one more
        assertNull(registry.reserve("192.0.2.2")); // the total's limit, from another address
        assertEquals(ConnectionCaps.Refusal.TOTAL, registry.reserve("192.0.2.3")); // one more in total

        // The reserved places pass to the sessions that open; they are not counted twice.
        FakeSession first = new FakeSession(true).from("192.0.2.1", null);
        registry.open("echo", first.session());
        registry.open("echo", new FakeSession(true).from("192.0.2.1", null).session());
        assertEquals(List.of(), first.closes());
        assertEquals(ConnectionCaps.Refusal.TOTAL, registry.reserve("192.0.2.1"));

        registry.closed(first.session(), new CloseReason(CloseCodes.NORMAL_CLOSURE, ""));
        assertNull(registry.reserve("192.0.2.1"));
        registry.unreserve("192.0.2.1"); // a handshake that opened no session gives its place back
        assertNull(registry.reserve("192.0.2.1"));
    }

    /** A session whose handshake did not pass the filter (no address) is counted at open: over the cap, 1013. */
    @Test
    void aSessionOpenedOverTheCapWithoutTheFilterIsClosedWith1013() {
        for (int i = 0; i < 3; i++) {
            registry.open("echo", new FakeSession(true).session());
        }
        FakeSession over = new FakeSession(true);
        registry.open("echo", over.session());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, over.closes().get(0).getCloseCode());
        assertEquals(3, registry.count("echo"));
        registry.closed(over.session(), new CloseReason(CloseCodes.TRY_AGAIN_LATER, "")); // releases nothing
        assertEquals(ConnectionCaps.Refusal.TOTAL, registry.reserve("192.0.2.9"));
    }
}
