package io.echopush.outbound;

import io.echopush.support.Utf8;
import java.nio.ByteBuffer;

/** One whole message waiting to be sent, with its size on the wire known up front for queue accounting. */
public sealed interface OutboundMessage {

    /** Payload size in bytes (UTF-8 for text). */
    int bytes();

    static Text text(String text) {
        return new Text(text, Utf8.length(text));
    }

    /** Wraps {@code data} as it is: the caller hands over a buffer nobody else will touch. */
    static Binary binary(ByteBuffer data) {
        return new Binary(data);
    }

    /**
     * @param mark where the message stands in its topic (a published message, a subscribe's reply), for transports
     *     that carry positions beside the payload (the SSE {@code id:}); null for any other message
     */
    record Text(String text, int bytes, Mark mark) implements OutboundMessage {
        public Text(String text, int bytes) {
            this(text, bytes, null);
        }

        /** This message, marked as standing at {@code seq} of {@code topic}'s {@code epoch}. */
        public Text at(String topic, String epoch, long seq) {
            return new Text(text, bytes, new Mark(topic, epoch, seq));
        }
    }

    /** A position in a topic, as a stream's cursor keeps it. */
    record Mark(String topic, String epoch, long seq) {
    }

    record Binary(ByteBuffer data) implements OutboundMessage {
        @Override
        public int bytes() {
            return data.remaining();
        }
    }
}
