package io.echopush.session;

import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;
import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.Peer;
import io.echopush.outbound.SessionSender;
import io.echopush.outbound.WebSocketPeer;
import io.echopush.support.Closing;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Every open session and stream, by endpoint, each with its one {@link SessionSender}: what endpoints, the handshake
 * filter, the stream servlet and the lifecycle call. Endpoints register in {@code @OnOpen} and leave in
 * {@code @OnClose} or {@code @OnError}; a stream registers when its request is accepted and leaves when it ends.
 */
public final class SessionRegistry {

    /** The reason of the 1001 that closes a session the heartbeat heard nothing from. */
    public static final String DEAD_PEER_REASON = "No answer to ping";

    private final OutboundLimits limits;
    private final OutboundLimits inOrderLimits;
    private final Executor executor;
    private final Executor closer;
    private final Metrics metrics;
    private final CapsHandOff caps;
    private final OpenSessions sessions;
    private final Heartbeat heartbeat;
    private final SignOuts signOuts;
    private final Runnable firstOpened;
    private final AtomicBoolean anyOpened = new AtomicBoolean();

    /**
     * @param limits bound the queue of a session whose sender drops (push)
     * @param inOrderLimits bound what a session whose sender never drops (echo) may leave unread
     * @param executor starts send chains (never blocks); {@code closer} runs closes that may block
     * @param firstOpened run once, when the first session opens
     */
    public SessionRegistry(OutboundLimits limits, OutboundLimits inOrderLimits, Executor executor, Executor closer,
            Metrics metrics, ConnectionCaps caps, Runnable firstOpened) {
        this.limits = limits;
        this.inOrderLimits = inOrderLimits;
        this.executor = executor;
        this.closer = closer;
        this.metrics = metrics;
        this.caps = new CapsHandOff(caps, metrics);
        this.sessions = new OpenSessions(this.caps, metrics);
        this.heartbeat = new Heartbeat(sessions, closer);
        this.signOuts = new SignOuts(sessions, closer);
        this.firstOpened = firstOpened;
    }

    /** Registers a session whose sender never drops (echo: a client too far behind is closed instead). */
    public Connection open(String endpoint, Session session) {
        return open(endpoint, session, new WebSocketPeer(session), inOrderLimits, null);
    }

    /** Registers a session whose sender tells the client, with {@code droppedNotice}, how many messages it lost. */
    public Connection open(String endpoint, Session session, IntFunction<OutboundMessage> droppedNotice) {
        return open(endpoint, session, new WebSocketPeer(session), limits, droppedNotice);
    }

    /**
     * Registers a Server-Sent Events stream, its place under the caps reserved for its address (D47); it leaves
     * with {@link #ended}. Its sender drops as a push session's does.
     */
    public Connection openStream(String endpoint, Peer stream, IntFunction<OutboundMessage> droppedNotice) {
        return open(endpoint, stream, stream, limits, droppedNotice);
    }

    private Connection open(String endpoint, Object key, Peer peer, OutboundLimits bounds,
            IntFunction<OutboundMessage> droppedNotice) {
        SessionSender sender = new SessionSender(peer, bounds, executor, closer, metrics.outbound(endpoint),
                droppedNotice);
        Connection connection = new Connection(endpoint, key, peer, sender,
                HandshakeFacts.remoteAddress(peer.properties()));
        if (!caps.admit(connection)) {
            return connection;
        }
        sessions.add(connection);
        if (anyOpened.compareAndSet(false, true)) {
            firstOpened.run();
        }
        SessionLog.opened(connection);
        return connection;
    }

    /** A stream ended, by its client ({@code code} 1000, or 1006 if the connection broke) or by us (our code). */
    public void ended(Peer stream, int code) {
        Connection connection = sessions.remove(stream);
        if (connection != null) {
            metrics.closed(code);
            SessionLog.closed(connection, code);
        }
    }

    public void closed(Session session, CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        if (code == CloseCodes.NO_STATUS_CODE.getCode() && session.isOpen()) {
            // An empty close: we answer 1000, where a container would echo the reserved 1005 onto the wire (D43).
            Closing.close(session, CloseCodes.NORMAL_CLOSURE, "");
        }
        metrics.closed(code);
        Connection connection = sessions.remove(session);
        if (connection != null) {
            SessionLog.closed(connection, code);
        }
    }

    /**
     * An error the container reported: the session leaves, and if our own code failed the client gets 1011.
     * Only the first error of a session counts; one already gone is not closed again.
     */
    public void failed(Session session, Throwable error) {
        if (sessions.remove(session) == null) {
            // Containers may report several errors while one connection goes down.
            SessionLog.furtherError(session, error);
        } else if (error instanceof IOException || !SessionLog.thrownByUs(error)) {
            // The peer went away or broke the protocol (Jetty reports that unchecked): routine, and the container
            // closes the socket.
            SessionLog.connectionError(session, error);
        } else {
            SessionLog.handlerFailed(session, error);
            Closing.close(session, CloseCodes.UNEXPECTED_CONDITION, "Internal error");
        }
    }

    public long count(String endpoint) {
        return sessions.count(endpoint);
    }

    /**
     * Reserves a place under the caps for a handshake from {@code address}, or says which cap it would break;
     * if no session opens to take the place over, the caller must {@link #unreserve} it.
     */
    public ConnectionCaps.Refusal reserve(String address) {
        return caps.reserve(address);
    }

    public void unreserve(String address) {
        caps.release(address);
    }

    /** The HTTP session {@code oldId} is now called {@code newId}: its sockets and streams follow it. */
    public void httpSessionRenamed(String oldId, String newId) {
        signOuts.renamed(oldId, newId);
    }

    /** The HTTP session ended (logout, timeout): what carries its user leaves and gets 1008. */
    public void httpSessionEnded(String httpSessionId) {
        signOuts.ended(httpSessionId);
    }

    /** One heartbeat round: pings quiet sessions, forgets dead peers (1001); a value of 0 turns that part off. */
    public void heartbeat(long pingAfterNanos, long deadPeerNanos, long nowNanos) {
        heartbeat.beat(pingAfterNanos, deadPeerNanos, nowNanos);
    }

    /** Closes every open session with {@code code}, e.g. 1001 when the application is undeployed. */
    public void closeAll(CloseReason.CloseCode code, String reason) {
        for (Connection connection : sessions.all()) {
            sessions.remove(connection.key());
            connection.peer().close(code, reason);
        }
    }
}
