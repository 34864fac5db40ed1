package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signing out ends the sockets the user opened within that HTTP session, and only those. */
class HttpSessionEndTest {

    private final SessionRegistry registry = TestRegistry.create();

    /**
     * Only the sockets that carry the ended HTTP session's user close (1008); others stay. The handshake records an
     * HTTP session only for a socket that carries its user: the container's, or the one /api/session kept (D45).
     */
    @Test
    void theEndOfAnHttpSessionClosesItsAuthenticatedSessionsWith1008() {
        FakeSession signedIn = new FakeSession(true).from("192.0.2.1", "http-1").as("alice");
        FakeSession keptUser = new FakeSession(true).from("192.0.2.3", "http-1"); // no principal: the session's user
        FakeSession otherHttpSession = new FakeSession(true).from("192.0.2.1", "http-2").as("alice");
        FakeSession anonymous = new FakeSession(true).from("192.0.2.2", null); // its cookie's session is not recorded
        registry.open("push", signedIn.session(), null);
        registry.open("push", keptUser.session(), null);
        registry.open("push", otherHttpSession.session(), null);
        registry.open("push", anonymous.session(), null);

        registry.httpSessionRenamed("http-1", "http-1b"); // authenticated in it: a new id, against fixation
        registry.httpSessionEnded("http-1b");

        assertEquals(CloseCodes.VIOLATED_POLICY, signedIn.closes().get(0).getCloseCode());
        assertEquals(CloseCodes.VIOLATED_POLICY, keptUser.closes().get(0).getCloseCode());
        assertEquals(List.of(), otherHttpSession.closes());
        assertEquals(List.of(), anonymous.closes());
        assertEquals(2, registry.count("push"));
    }
}
