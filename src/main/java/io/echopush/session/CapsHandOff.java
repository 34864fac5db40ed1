package io.echopush.session;

import io.echopush.metrics.Metrics;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * A place under the connection caps, from the handshake to the session's end: the filter reserves it (so a burst
 * of handshakes cannot slip past together), the session that opens takes it over, and it is freed when that leaves.
 */
final class CapsHandOff {

    private final ConnectionCaps caps;
    private final Metrics metrics;

    CapsHandOff(ConnectionCaps caps, Metrics metrics) {
        this.caps = caps;
        this.metrics = metrics;
    }

    ConnectionCaps.Refusal reserve(String address) {
        return caps.admit(address);
    }

    void release(String address) {
        caps.release(address);
    }

    /**
     * Whether {@code connection} may stay. One whose handshake bypassed our filter (no address) is counted here,
     * and over a cap it is closed with 1013.
     */
    boolean admit(Connection connection) {
        if (connection.remoteAddress() != null) {
            return true; // its place was reserved at the handshake
        }
        ConnectionCaps.Refusal refusal = caps.admit(null);
        if (refusal == null) {
            return true;
        }
        connection.sender().close();
        metrics.refused(refusal.label());
        SessionLog.refused(connection, refusal);
        connection.peer().close(CloseCodes.TRY_AGAIN_LATER, "Too many connections, try again later");
        return false;
    }
}
