package io.echopush.session;

import jakarta.websocket.CloseReason.CloseCodes;
import java.util.concurrent.Executor;

/**
 * Connections that carry the user of an HTTP session (recorded in {@link HandshakeFacts}) follow it: a new id at
 * sign-in, and its end (sign-out, timeout), when they leave and get 1008, their user gone (D45).
 */
final class SignOuts {

    private final OpenSessions sessions;
    private final Executor closer;

    SignOuts(OpenSessions sessions, Executor closer) {
        this.sessions = sessions;
        this.closer = closer;
    }

    void renamed(String oldId, String newId) {
        for (Connection connection : sessions.all()) {
            HandshakeFacts.renameHttpSession(connection.peer().properties(), oldId, newId);
        }
    }

    void ended(String httpSessionId) {
        for (Connection connection : sessions.all()) {
            if (httpSessionId.equals(HandshakeFacts.httpSessionId(connection.peer().properties()))
                    && sessions.remove(connection.key()) != null) {
                SessionLog.signedOut(connection);
                closer.execute(() -> connection.peer().close(CloseCodes.VIOLATED_POLICY, "Signed out"));
            }
        }
    }
}
