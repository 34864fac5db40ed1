package io.echopush.session;

import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;
import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.SessionSender;
import io.echopush.support.Closing;
import io.echopush.support.LogText;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open session of the application, by endpoint, each with its one {@link SessionSender}.
 * Endpoints register in {@code @OnOpen} and leave in {@code @OnClose} or {@code @OnError}; leaving twice is harmless.
 */
public final class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    private static final byte[] PING = "echo-push heartbeat".getBytes(StandardCharsets.US_ASCII);

    /** The reason of the 1001 that closes a session the heartbeat heard nothing from. */
    public static final String DEAD_PEER_REASON = "No answer to ping";

    private final ConcurrentMap<Session, Connection> connections = new ConcurrentHashMap<>();
    private final OutboundLimits limits;
    private final OutboundLimits inOrderLimits;
    private final Executor executor;
    private final Executor closer;
    private final Metrics metrics;
    private final ConnectionCaps caps;
    private final Runnable firstOpened;
    private final AtomicBoolean anyOpened = new AtomicBoolean();

    /**
     * @param limits bound the queue of a session whose sender drops (push)
     * @param inOrderLimits bound what a session whose sender never drops (echo) may leave unread
     * @param executor starts send chains (never blocks); {@code closer} runs closes that may block
     * @param caps how many sessions may be open, in total and per remote address
     * @param firstOpened run once, when the first session opens
     */
    public SessionRegistry(OutboundLimits limits, OutboundLimits inOrderLimits, Executor executor, Executor closer,
            Metrics metrics, ConnectionCaps caps, Runnable firstOpened) {
        this.caps = caps;
        this.firstOpened = firstOpened;
        this.limits = limits;
        this.inOrderLimits = inOrderLimits;
        this.executor = executor;
        this.closer = closer;
        this.metrics = metrics;
    }

    /** Registers a session whose sender never drops (echo: a client too far behind is closed instead). */
    public Connection open(String endpoint, Session session) {
        return open(endpoint, session, inOrderLimits, null);
    }

    /** Registers a session whose sender tells the client, with {@code droppedNotice}, how many messages it lost. */
    public Connection open(String endpoint, Session session, IntFunction<OutboundMessage> droppedNotice) {
        return open(endpoint, session, limits, droppedNotice);
    }

    private Connection open(String endpoint, Session session, OutboundLimits bounds,
            IntFunction<OutboundMessage> droppedNotice) {
        SessionSender sender = new SessionSender(session, bounds, executor, closer, metrics.outbound(endpoint),
                droppedNotice);
        String address = HandshakeFacts.remoteAddress(session);
        Connection connection = new Connection(endpoint, session, sender, address);
        // A handshake through our filter had its place reserved there; any other is counted (and capped) here.
        ConnectionCaps.Refusal refusal = address != null ? null : caps.admit(null);
        if (refusal != null) {
            sender.close();
            metrics.refused(refusal.label());
            LOG.info(() -> "Session " + session.getId() + " on /" + endpoint + " from " + address + ": over the "
                    + refusal.label() + " connection cap, closing it (1013)");
            Closing.close(session, CloseCodes.TRY_AGAIN_LATER, "Too many connections, try again later");
            return connection;
        }
        connections.put(session, connection);
        metrics.opened(endpoint);
        if (anyOpened.compareAndSet(false, true)) {
            firstOpened.run();
        }
        LOG.info(() -> "Session " + session.getId() + " opened on /" + endpoint + user(session));
        return connection;
    }

    public void closed(Session session, CloseReason reason) {
        metrics.closed(reason.getCloseCode().getCode());
        Connection connection = connections.remove(session);
        if (connection != null) {
            left(connection);
            LOG.info(() -> "Session " + session.getId() + " closed on /" + connection.endpoint() + user(session)
                    + ": " + reason.getCloseCode().getCode());
        }
    }

    /**
     * Handles an error the container reported for {@code session}: one log line (never a payload), the session
     * leaves the registry, and if the error came from our own code the client gets 1011. Only the first error
     * of a session is reported; a session already gone is not closed again.
     */
    public void failed(Session session, Throwable error) {
        Connection connection = connections.remove(session);
        if (connection == null) {
            // Already handled: containers may report several errors while one connection goes down.
            LOG.log(Level.FINE, "Session {0}: further error: {1}",
                    new Object[] {session.getId(), error.getClass().getSimpleName()});
            return;
        }
        left(connection);
        if (error instanceof IOException) {
            // The peer went away or broke the protocol: routine, and the container closes the socket.
            LOG.log(Level.INFO, "Session {0}: connection error: {1}",
                    new Object[] {session.getId(), error.getClass().getSimpleName()});
        } else {
            LOG.log(Level.WARNING, "Session " + session.getId() + ": handler failed; closing it with 1011", error);
            Closing.close(session, CloseCodes.UNEXPECTED_CONDITION, "Internal error");
        }
    }

    /** ", user NAME" for an authenticated session, else nothing. */
    private static String user(Session session) {
        Principal principal = session.getUserPrincipal();
        return principal == null ? "" : ", user " + LogText.clip(principal.getName());
    }

    public long count(String endpoint) {
        return connections.values().stream().filter(c -> c.endpoint().equals(endpoint)).count();
    }

    private void left(Connection connection) {
        connection.sender().close();
        connection.leave();
        caps.release(connection.remoteAddress());
        metrics.left(connection.endpoint());
    }

    /**
     * Reserves a place under the connection caps for a handshake from {@code address}, or says which cap it
     * would break. The place passes to the session that opens (through {@link HandshakeFacts}) and is freed when
     * it leaves; if no session opens, the caller must {@link #unreserve} it.
     */
    public ConnectionCaps.Refusal reserve(String address) {
        return caps.admit(address);
    }

    public void unreserve(String address) {
        caps.release(address);
    }

    /** The HTTP session {@code oldId} is now called {@code newId}: its sockets follow it. */
    public void httpSessionRenamed(String oldId, String newId) {
        for (Connection connection : connections.values()) {
            HandshakeFacts.renameHttpSession(connection.session(), oldId, newId);
        }
    }

    /**
     * The HTTP session {@code httpSessionId} ended (logout, timeout): the authenticated sessions opened within it
     * leave at once and are closed with 1008, as their user is no longer signed in.
     */
    public void httpSessionEnded(String httpSessionId) {
        for (Connection connection : List.copyOf(connections.values())) {
            Session session = connection.session();
            if (session.getUserPrincipal() != null && httpSessionId.equals(HandshakeFacts.httpSessionId(session))
                    && connections.remove(session) != null) {
                left(connection);
                LOG.info(() -> "Session " + session.getId() + " on /" + connection.endpoint() + user(session)
                        + ": the HTTP session ended, closing it (1008)");
                closer.execute(() -> Closing.close(session, CloseCodes.VIOLATED_POLICY, "Signed out"));
            }
        }
    }

    /**
     * One heartbeat round: a session not heard from (no message, no pong) for {@code deadPeerNanos} leaves the
     * registry at once and is closed with 1001 on the closer (its close frame may never be written: the peer is
     * gone); one not heard from for {@code pingAfterNanos} is pinged, if nothing else is being sent to it. A
     * value of 0 turns that part off.
     */
    public void heartbeat(long pingAfterNanos, long deadPeerNanos, long nowNanos) {
        for (Connection connection : List.copyOf(connections.values())) {
            long silent = nowNanos - connection.lastHeardNanos();
            if (deadPeerNanos > 0 && silent >= deadPeerNanos) {
                if (connections.remove(connection.session()) != null) {
                    left(connection);
                    LOG.info(() -> "Session " + connection.session().getId() + " on /" + connection.endpoint()
                            + ": nothing heard for " + TimeUnit.NANOSECONDS.toMillis(silent)
                            + " ms, not even a pong; closing it (1001)");
                    closer.execute(() -> Closing.close(connection.session(), CloseCodes.GOING_AWAY,
                            DEAD_PEER_REASON));
                }
            } else if (pingAfterNanos > 0 && silent >= pingAfterNanos) {
                connection.sender().pingIfIdle(PING);
            }
        }
    }

    /** Closes every open session with {@code code}, e.g. 1001 when the application is undeployed. */
    public void closeAll(CloseReason.CloseCode code, String reason) {
        for (Connection connection : List.copyOf(connections.values())) {
            if (connections.remove(connection.session()) != null) {
                left(connection);
            }
            Closing.close(connection.session(), code, reason);
        }
    }
}
