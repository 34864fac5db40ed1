package io.echopush.session;

import io.echopush.outbound.SessionSender;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open session, the endpoint it belongs to, its one sender, the client's address (null if unknown; what
 * the connection caps count), and when the client was last heard from (any message or pong): what the
 * heartbeat reads.
 */
public record Connection(String endpoint, Session session, SessionSender sender, String remoteAddress,
        AtomicLong lastHeardNanos) {

    public Connection(String endpoint, Session session, SessionSender sender, String remoteAddress) {
        this(endpoint, session, sender, remoteAddress, new AtomicLong(System.nanoTime()));
    }

    /** The client sent something: a message part or a pong. */
    public void heard() {
        lastHeardNanos.set(System.nanoTime());
    }
}
