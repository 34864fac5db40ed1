package io.echopush.session;

import io.echopush.metrics.Metrics;
import jakarta.websocket.Session;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The open sessions; each leaves once, however many ways (close, error, heartbeat, sign-out) report its end. */
final class OpenSessions {

    private final ConcurrentMap<Session, Connection> connections = new ConcurrentHashMap<>();
    private final CapsHandOff caps;
    private final Metrics metrics;

    OpenSessions(CapsHandOff caps, Metrics metrics) {
        this.caps = caps;
        this.metrics = metrics;
    }

    void add(Connection connection) {
        connections.put(connection.session(), connection);
        metrics.opened(connection.endpoint());
    }

    /** Takes {@code session} out and frees what it held; null if it had left already. */
    Connection remove(Session session) {
        Connection connection = connections.remove(session);
        if (connection != null) {
            connection.sender().close();
            connection.leave();
            caps.release(connection.remoteAddress());
            metrics.left(connection.endpoint());
        }
        return connection;
    }

    long count(String endpoint) {
        return connections.values().stream().filter(c -> c.endpoint().equals(endpoint)).count();
    }

    /** A copy, so that sessions may leave while the caller goes through it. */
    List<Connection> all() {
        return List.copyOf(connections.values());
    }
}
