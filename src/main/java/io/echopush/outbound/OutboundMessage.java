package io.echopush.outbound;

import io.echopush.support.Utf8;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;

/** One whole message waiting to be sent, with its size on the wire known up front for queue accounting. */
public sealed interface OutboundMessage {

    /** Payload size in bytes (UTF-8 for text). */
    int bytes();

    /** Starts the one asynchronous send of this message; {@code handler} hears how it ended. */
    void sendAsync(RemoteEndpoint.Async remote, SendHandler handler);

    static Text text(String text) {
        return new Text(text, Utf8.length(text));
    }

    /** Wraps {@code data} as it is: the caller hands over a buffer nobody else will touch. */
    static Binary binary(ByteBuffer data) {
        return new Binary(data);
    }

    record Text(String text, int bytes) implements OutboundMessage {
        @Override
        public void sendAsync(RemoteEndpoint.Async remote, SendHandler handler) {
            remote.sendText(text, handler);
        }
    }

    record Binary(ByteBuffer data) implements OutboundMessage {
        @Override
        public int bytes() {
            return data.remaining();
        }

        @Override
        public void sendAsync(RemoteEndpoint.Async remote, SendHandler handler) {
            // A view, so that a send that consumes the buffer leaves this message's size unchanged.
            remote.sendBinary(data.duplicate(), handler);
        }
    }
}
