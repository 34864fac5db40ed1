package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.outbound.OutboundMessage;
import io.echopush.support.Closing;
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

    /** Jetty reports a client's protocol error (bad UTF-8, say) unchecked: no code of ours on its stack. */
    @Test
    void aContainersOwnUncheckedErrorIsTheClientsAndNotAnswered() {
        List<LogRecord> records = log.records();
        FakeSession fake = new FakeSession(true);
        registry.open("echo", fake.session());
        records.clear(); // the "opened" line
        RuntimeException invalidUtf8 = new RuntimeException("Invalid UTF-8");
        invalidUtf8.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.example.container.Parser", "parse", "Parser.java", 42)});
        registry.failed(fake.session(), invalidUtf8);
        assertEquals(0, registry.count("echo"));
        assertTrue(fake.closes().isEmpty(), "the container closes for its own protocol error");
        assertEquals(Level.INFO, records.get(0).getLevel());
    }

    /** A hot exception may come without a stack (the JVM leaves it out): it is taken for ours, never the peer's. */
    @Test
    void anErrorWithoutAStackIsTakenForOurs() {
        FakeSession fake = new FakeSession(true);
        registry.open("echo", fake.session());
        RuntimeException hot = new NullPointerException();
        hot.setStackTrace(new StackTraceElement[0]);
        registry.failed(fake.session(), hot);
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, fake.closes().get(0).getCloseCode());
    }

    /** An empty close frame (1005) is answered with 1000 by us, while the session is open: never 1005 on the wire. */
    @Test
    void anEmptyCloseIsAnsweredWith1000() {
        FakeSession open = new FakeSession(true);
        registry.open("echo", open.session());
        registry.closed(open.session(), new CloseReason(CloseCodes.NO_STATUS_CODE, ""));
        assertEquals(List.of(CloseCodes.NORMAL_CLOSURE),
                open.closes().stream().map(CloseReason::getCloseCode).toList());

        FakeSession answered = new FakeSession(false);
        registry.open("echo", answered.session());
        Closing.close(answered.session(), CloseCodes.NORMAL_CLOSURE, "the container's own answer");
        registry.closed(answered.session(), new CloseReason(CloseCodes.NO_STATUS_CODE, ""));
        assertEquals(1, answered.closes().size(), "a container that answered already is left alone");
    }
}
