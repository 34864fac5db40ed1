package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;
import io.echopush.outbound.OutboundMessage;
import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.EOFException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private static final String SECRET = "payload-that-must-never-be-logged";

    private final SessionRegistry registry = new SessionRegistry(new OutboundLimits(16, 1 << 16, 1_000),
            new OutboundLimits(16, 1 << 16, 1_000), Runnable::run, Runnable::run, new Metrics(10), new ConnectionCaps(3, 2), () -> { });
    private final Logger logger = Logger.getLogger(SessionRegistry.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    @Test
    void aHandlerFailureClosesThatSessionWith1011LogsOnceAndLeavesTheRegistry() {
        FakeSession fake = new FakeSession(true);
        Connection connection = registry.open("echo", fake.session());
        assertEquals(1, registry.count("echo"));
        records.clear(); // the "opened" line

        registry.failed(fake.session(), new IllegalStateException("bug while handling " + SECRET.length() + " bytes"));

        assertEquals(0, registry.count("echo"));
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, fake.closes().get(0).getCloseCode());
        assertFalse(connection.sender().sendOrClose(OutboundMessage.text("late")));
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        // Containers may report more errors, then call @OnClose: one log line and one close in all.
        registry.failed(fake.session(), new EOFException("second report"));
        registry.closed(fake.session(), new CloseReason(CloseCodes.UNEXPECTED_CONDITION, ""));
        assertEquals(1, records.size());
        assertEquals(1, fake.closes().size());
    }

    @Test
    void aVanishedPeerIsRoutineAndNotAnswered() {
        FakeSession fake = new FakeSession(true);
        registry.open("echo", fake.session());
        records.clear(); // the "opened" line
        registry.failed(fake.session(), new EOFException(SECRET));
        assertEquals(0, registry.count("echo"));
        assertTrue(fake.closes().isEmpty(), "the container closes a broken connection itself");
        assertEquals(Level.INFO, records.get(0).getLevel());
        assertFalse(records.get(0).getMessage().contains(SECRET));
        for (Object parameter : records.get(0).getParameters()) {
            assertFalse(String.valueOf(parameter).contains(SECRET), "logged: " + parameter);
        }
    }

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

    /** Caps of 3 in total and 2 per address, at their limits; a session's place is freed when it leaves. */
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

    /** Only authenticated sessions opened within the ended HTTP session close (1008); others stay. */
    @Test
    void theEndOfAnHttpSessionClosesItsAuthenticatedSessionsWith1008() {
        FakeSession signedIn = new FakeSession(true).from("192.0.2.1", "http-1").as("alice");
        FakeSession otherHttpSession = new FakeSession(true).from("192.0.2.1", "http-2").as("alice");
        FakeSession anonymous = new FakeSession(true).from("192.0.2.2", "http-1");
        registry.open("push", signedIn.session(), null);
        registry.open("push", otherHttpSession.session(), null);
        registry.open("push", anonymous.session(), null);

        registry.httpSessionRenamed("http-1", "http-1b"); // authenticated in it: a new id, against fixation
        registry.httpSessionEnded("http-1b");

        assertEquals(CloseCodes.VIOLATED_POLICY, signedIn.closes().get(0).getCloseCode());
        assertEquals(List.of(), otherHttpSession.closes());
        assertEquals(List.of(), anonymous.closes());
        assertEquals(2, registry.count("push"));
    }

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

    /** Connects and disconnects are logged with the endpoint and the close code, never with what was sent. */
    @Test
    void sessionsOpenedAndClosedAreLoggedWithEndpointAndCloseCode() {
        FakeSession fake = new FakeSession(true);
        Connection connection = registry.open("push", fake.session(), null);
        connection.sender().offer(OutboundMessage.text(SECRET));
        registry.closed(fake.session(), new CloseReason(CloseCodes.GOING_AWAY, SECRET));
        assertEquals(List.of("Session fake opened on /push", "Session fake closed on /push: 1001"),
                records.stream().map(LogRecord::getMessage).toList());
        assertTrue(records.stream().allMatch(record -> record.getLevel() == Level.INFO));
    }
}
