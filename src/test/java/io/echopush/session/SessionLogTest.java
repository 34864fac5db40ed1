package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.outbound.OutboundMessage;
import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionLogTest {

    private static final String SECRET = "payload-that-must-never-be-logged";

    @RegisterExtension
    final SessionLogCapture log = new SessionLogCapture();

    private final SessionRegistry registry = TestRegistry.create();

    /** Connects and disconnects are logged with the endpoint and the close code, never with what was sent. */
    @Test
    void sessionsOpenedAndClosedAreLoggedWithEndpointAndCloseCode() {
        FakeSession fake = new FakeSession(true);
        Connection connection = registry.open("push", fake.session(), null);
        connection.sender().offer(OutboundMessage.text(SECRET));
        registry.closed(fake.session(), new CloseReason(CloseCodes.GOING_AWAY, SECRET));
        List<LogRecord> records = log.records();
        assertEquals(List.of("Session fake opened on /push", "Session fake closed on /push: 1001"),
                records.stream().map(LogRecord::getMessage).toList());
        assertTrue(records.stream().allMatch(record -> record.getLevel() == Level.INFO));
    }
}
