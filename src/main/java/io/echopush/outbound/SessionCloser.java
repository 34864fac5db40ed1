package io.echopush.outbound;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes one session for what its sender saw (a client too slow, a failed send), and runs the sender's other
 * blocking calls: on the closer, so that they hold up no other session's sends.
 */
final class SessionCloser {

    /** SessionSender's logger, as before the split, so that logging configuration still applies. */
    private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());

    private final Peer peer;
    private final Executor closer;
    private final OutboundObserver observer;
    private final long sendTimeoutMillis;

    SessionCloser(Peer peer, Executor closer, OutboundObserver observer, long sendTimeoutMillis) {
        this.peer = peer;
        this.closer = closer;
        this.observer = observer;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    /** Runs a blocking call (a close, a ping) on the closer. */
    void runBlocking(Runnable call) {
        closer.execute(call);
    }

    /** On the caller's thread, the session's own reader: Tomcat reads nothing more from it meanwhile. */
    void overflowNow(OutboundLimits limits) {
        LOG.info(() -> "Session " + peer.id() + ": more than " + limits.maxBytes() + " bytes or "
                + limits.maxMessages() + " messages unread, closing it (1008)");
        boundTheClose();
        peer.close(CloseCodes.VIOLATED_POLICY, "Client does not read what it asked for");
    }

    void tooSlow(String why) {
        LOG.info(() -> "Session " + peer.id() + ": " + why + ", closing it (1008)");
        later(CloseCodes.VIOLATED_POLICY, "Client too slow");
    }

    /** The close that waited for what was queued, on the thread that wrote the last of it. */
    void now(CloseReason reason) {
        peer.close(reason.getCloseCode(), reason.getReasonPhrase());
    }

    /** A send failed: closes the session unless it was already closing; {@code alreadyClosed} by us. */
    void failed(Throwable cause, boolean alreadyClosed) {
        if (alreadyClosed || cause instanceof EOFException || !peer.isOpen()) {
            // Closed by its owner or as too slow; or by the container, which fails the send in flight (with EOF on
            // Tomcat) as it closes for the client's protocol error: the consequence, not news; its close code stands.
            return;
        }
        observer.sendFailed();
        boolean timedOut = cause instanceof TimeoutException || cause instanceof SocketTimeoutException;
        LOG.log(Level.INFO, "Session {0}: send failed ({1}), closing it",
                new Object[] {peer.id(), cause == null ? "unknown" : cause.getClass().getSimpleName()});
        if (timedOut) {
            later(CloseCodes.VIOLATED_POLICY, "Client too slow: send timed out");
        } else {
            later(CloseCodes.UNEXPECTED_CONDITION, "Send failed");
        }
    }

    private void later(CloseCode code, String reason) {
        // Both on the closer: on Jetty an idle timeout already passed fires at once, and its close must not run
        // on a publisher's thread in the middle of a fan-out.
        closer.execute(() -> {
            boundTheClose();
            peer.close(code, reason);
        });
    }

    /**
     * A client that reads nothing will not read our close frame either: past the send timeout without progress the
     * container drops the connection. Jetty otherwise keeps it (and its slot) until its own idle timeout (D43).
     */
    private void boundTheClose() {
        try {
            peer.boundClose(sendTimeoutMillis);
        } catch (IllegalStateException gone) {
            LOG.log(Level.FINE, "Session {0} was already going", peer.id());
        }
    }
}
