package io.echopush.outbound;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.util.Map;

/**
 * Where one client's messages go, one at a time: a WebSocket session or a Server-Sent Events stream. The
 * {@link SessionSender} in front of it owns the queue, the slow-consumer policy and the send timeout's consequence.
 */
public interface Peer {

    /** For logs: the container's session id, or the stream's own. */
    String id();

    /** The container's user of the connection, null if anonymous (for logs). */
    String user();

    /** What the handshake or request left for later (address, HTTP session): see {@code HandshakeFacts}. */
    Map<String, Object> properties();

    /** Starts the one write of {@code message}; {@code done} hears how it ended (a timeout counts as failed). */
    void send(OutboundMessage message, SendHandler done);

    /** The longest one write may take; past it the write fails, as too slow a client's. */
    void sendTimeout(long millis);

    /** Blocks until a keep-alive (a ping, a comment line) is written; run on the closer. */
    void ping(byte[] payload) throws IOException;

    boolean isOpen();

    /** Ends the connection with {@code code} and {@code reason}; one already gone is no error. */
    void close(CloseCode code, String reason);

    /** A client that reads nothing will not read a close either: past {@code millis} the connection may be dropped. */
    void boundClose(long millis);

    /** Whether the client talks back (WebSocket pongs), so that silence means it is gone; an SSE stream does not. */
    boolean answers();
}
