package io.echopush.session;

import io.echopush.outbound.SessionSender;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open session, the endpoint it belongs to, its one sender, and when the client was last heard from (any
 * message or pong): what the heartbeat reads.
 */
public record Connection(String endpoint, Session session, SessionSender sender, AtomicLong lastHeardNanos) {

    public Connection(String endpoint, Session session, SessionSender sender) {
        this(endpoint, session, sender, new AtomicLong(System.nanoTime()));
    }

    /** The client sent something: a message part or a pong. */
    public void heard() {
        lastHeardNanos.set(System.nanoTime());
    }
}
