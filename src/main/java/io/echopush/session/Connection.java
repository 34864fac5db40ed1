package io.echopush.session;

import io.echopush.outbound.Peer;
import io.echopush.outbound.SessionSender;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open connection (a WebSocket session or an SSE stream) with what the registry keeps for it: endpoint, peer,
 * sender, the address the caps count (null if unknown), when the client was last heard from (for the heartbeat)
 * and what to do when it leaves.
 */
public final class Connection {

    private static final Runnable NOTHING = () -> { };

    private final String endpoint;
    private final Object key;
    private final Peer peer;
    private final SessionSender sender;
    private final String remoteAddress;
    private volatile long lastHeardNanos = System.nanoTime();
    private final AtomicReference<Runnable> onLeave = new AtomicReference<>(NOTHING);

    /** @param key what the registry finds it by: the WebSocket session, or the stream */
    Connection(String endpoint, Object key, Peer peer, SessionSender sender, String remoteAddress) {
        this.endpoint = endpoint;
        this.key = key;
        this.peer = peer;
        this.sender = sender;
        this.remoteAddress = remoteAddress;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The WebSocket session; null for an SSE stream. */
    public Session session() {
        return key instanceof Session session ? session : null;
    }

    public Peer peer() {
        return peer;
    }

    Object key() {
        return key;
    }

    public SessionSender sender() {
        return sender;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The client sent something: a message part or a pong. */
    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Runs {@code action} when the session leaves: at once when the server closes it, not when the container says. */
    public void whenLeaving(Runnable action) {
        onLeave.set(action);
    }

    /** Runs the leave action, once. */
    void leave() {
        onLeave.getAndSet(NOTHING).run();
    }
}
