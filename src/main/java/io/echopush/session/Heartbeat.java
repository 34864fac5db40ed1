package io.echopush.session;

import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/** Pings quiet sessions and forgets dead peers, which TCP alone may not notice for a long time. */
final class Heartbeat {

    private static final byte[] PING = "echo-push heartbeat".getBytes(StandardCharsets.US_ASCII);

    private final OpenSessions sessions;
    private final Executor closer;

    Heartbeat(OpenSessions sessions, Executor closer) {
        this.sessions = sessions;
        this.closer = closer;
    }

    /**
     * A session silent for {@code deadPeerNanos} leaves at once and is closed with 1001 on the closer (the peer is
     * gone: the close may block); one silent for {@code pingAfterNanos} is pinged if idle. 0 turns either off.
     */
    void beat(long pingAfterNanos, long deadPeerNanos, long nowNanos) {
        for (Connection connection : sessions.all()) {
            long silent = nowNanos - connection.lastHeardNanos();
            if (!connection.peer().answers()) {
                // a stream's client never talks: a comment keeps proxies from cutting it; the send timeout finds
                // a client gone
                if (pingAfterNanos > 0 && silent >= pingAfterNanos && connection.sender().pingIfIdle(PING)) {
                    connection.heard();
                }
            } else if (deadPeerNanos > 0 && silent >= deadPeerNanos) {
                if (sessions.remove(connection.key()) != null) {
                    SessionLog.deadPeer(connection, silent);
                    closer.execute(() -> connection.peer().close(CloseCodes.GOING_AWAY,
                            SessionRegistry.DEAD_PEER_REASON));
                }
            } else if (pingAfterNanos > 0 && silent >= pingAfterNanos) {
                connection.sender().pingIfIdle(PING);
            }
        }
    }
}
