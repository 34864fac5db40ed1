package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.outbound.OutboundMessage;
import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A quiet session is pinged; a silent one is forgotten and closed with 1001. */
class HeartbeatTest {

    private final SessionRegistry registry = TestRegistry.create();

    /** The heartbeat at its limits: silent for the interval − 1 ns, the interval, the dead-peer timeout. */
    @Test
    void aSilentSessionIsPingedAtTheIntervalAndForgottenAtTheDeadPeerTimeout() {
        FakeSession fake = new FakeSession(true);
        Connection connection = registry.open("push", fake.session(), null);
        AtomicInteger leaves = new AtomicInteger();
        connection.whenLeaving(leaves::incrementAndGet);
        long heard = connection.lastHeardNanos();

        registry.heartbeat(100, 1_000, heard + 99);
        assertTrue(fake.sent().isEmpty(), "not silent for the interval yet");
        registry.heartbeat(100, 1_000, heard + 100);
        assertEquals(1, fake.sent().size());
        assertTrue(fake.sent().get(0) instanceof FakeSession.Ping);

        registry.heartbeat(100, 1_000, heard + 999);
        assertEquals(1, registry.count("push"));
        registry.heartbeat(100, 1_000, heard + 1_000);
        assertEquals(0, registry.count("push"), "forgotten at once, before its close is through");
        assertEquals(1, leaves.get(), "its leave action (topics) ran then");
        assertEquals(CloseCodes.GOING_AWAY, fake.closes().get(0).getCloseCode());
        registry.closed(fake.session(), new CloseReason(CloseCodes.GOING_AWAY, "")); // the container reports it later
        assertEquals(1, leaves.get(), "once");
    }

    @Test
    void aSessionHeardFromOrBusyIsNotPinged() {
        FakeSession fake = new FakeSession(false);
        Connection connection = registry.open("push", fake.session(), null);
        connection.sender().offer(OutboundMessage.text("being written"));
        registry.heartbeat(100, 0, connection.lastHeardNanos() + 200);
        assertEquals(List.of("being written"), fake.sent(), "a session being written to is not idle");

        connection.heard();
        registry.heartbeat(100, 0, System.nanoTime());
        assertEquals(1, fake.sent().size(), "just heard from");
        assertEquals(1, registry.count("push"), "a dead-peer timeout of 0 closes nobody");
    }
}
