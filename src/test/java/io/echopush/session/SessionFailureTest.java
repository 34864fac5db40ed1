package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.outbound.OutboundMessage;
import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.EOFException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Errors the container reports: ours close with 1011, a vanished peer is routine; one log line, never a payload. */
class SessionFailureTest {

    private static final String SECRET = "payload-that-must-never-be-logged";

    @RegisterExtension
    final SessionLogCapture log = new SessionLogCapture();

    private final SessionRegistry registry = TestRegistry.create();

    @Test
    void aHandlerFailureClosesThatSessionWith1011LogsOnceAndLeavesTheRegistry() {
        List<LogRecord> records = log.records();
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
        List<LogRecord> records = log.records();
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
}
