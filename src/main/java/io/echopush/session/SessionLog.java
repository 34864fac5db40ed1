package io.echopush.session;

import io.echopush.support.LogText;
import jakarta.websocket.Session;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The log lines of sessions coming and going: endpoint, user and close code, never a payload. */
final class SessionLog {

    // The registry's logger name, so that logging configured for it still applies.
    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    private static final String OUR_PACKAGE = "io.echopush.";

    private SessionLog() {
    }

    static void opened(Connection connection) {
        LOG.info(() -> "Session " + connection.peer().id() + " opened on /" + connection.endpoint() + user(connection));
    }

    static void closed(Connection connection, int code) {
        LOG.info(() -> "Session " + connection.peer().id() + " closed on /" + connection.endpoint() + user(connection)
                + ": " + code);
    }

    static void refused(Connection connection, ConnectionCaps.Refusal refusal) {
        LOG.info(() -> "Session " + connection.peer().id() + " on /" + connection.endpoint() + " from "
                + connection.remoteAddress() + ": over the " + refusal.label() + " connection cap, closing it (1013)");
    }

    static void furtherError(Session session, Throwable error) {
        LOG.log(Level.FINE, "Session {0}: further error: {1}",
                new Object[] {session.getId(), error.getClass().getSimpleName()});
    }

    static void connectionError(Session session, Throwable error) {
        LOG.log(Level.INFO, "Session {0}: connection error: {1}",
                new Object[] {session.getId(), error.getClass().getSimpleName()});
    }

    /**
     * Whether our code is on the stack of {@code error} or of a cause, else the container raised it itself; a stack
     * the JVM left out (a hot exception) counts as ours, so that a failure of ours is never taken for the peer's.
     */
    static boolean thrownByUs(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getStackTrace().length == 0) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith(OUR_PACKAGE)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void handlerFailed(Session session, Throwable error) {
        LOG.log(Level.WARNING, "Session " + session.getId() + ": handler failed; closing it with 1011", error);
    }

    static void signedOut(Connection connection) {
        LOG.info(() -> "Session " + connection.peer().id() + " on /" + connection.endpoint() + user(connection)
                + ": the HTTP session ended, closing it (1008)");
    }

    static void deadPeer(Connection connection, long silentNanos) {
        LOG.info(() -> "Session " + connection.peer().id() + " on /" + connection.endpoint()
                + ": nothing heard for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
                + " ms, not even a pong; closing it (1001)");
    }

    /** ", user NAME" for an authenticated session, else nothing. */
    private static String user(Connection connection) {
        String user = connection.peer().user();
        return user == null ? "" : ", user " + LogText.clip(user);
    }
}
