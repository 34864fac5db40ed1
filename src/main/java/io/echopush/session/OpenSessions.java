package io.echopush.session;

import io.echopush.metrics.Metrics;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open sessions and streams; each leaves once, however many ways (close, error, heartbeat, sign-out) report its
 * end.
 */
final class OpenSessions {

    private final ConcurrentMap<Object, Connection> connections = new ConcurrentHashMap<>();
    private final CapsHandOff caps;
    private final Metrics metrics;

    OpenSessions(CapsHandOff caps, Metrics metrics) {
        this.caps = caps;
        this.metrics = metrics;
    }

    void add(Connection connection) {
        connections.put(connection.key(), connection);
        metrics.opened(connection.endpoint());
    }

    /** Takes the connection {@code key} (a session, a stream) finds out and frees what it held; null if it had left. */
    Connection remove(Object key) {
        Connection connection = connections.remove(key);
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
