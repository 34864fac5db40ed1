package io.echopush.inbound;

import io.echopush.outbound.OutboundMessage;
import io.echopush.support.Utf8;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Joins one message's parts, counting UTF-8 bytes against the limit as they arrive: the limit means the same on every
 * container, and memory grows with the message (D1). Not thread-safe: one per session, whose parts come one at a time.
 */
public final class MessageAssembler {

    private final int maxBytes;
    private final InboundRate rate;
    private final StringBuilder text = new StringBuilder();
    private int textBytes;
    private byte[] binary = new byte[0];
    private int binaryBytes;
    private boolean discarding;
    /** Set once the client was too fast: the session is closing, and nothing more is taken. */
    private boolean refused;

    public MessageAssembler(int maxBytes, InboundRate rate) {
        this.maxBytes = maxBytes;
        this.rate = rate;
    }

    /** Without a rate limit. */
    public MessageAssembler(int maxBytes) {
        this(maxBytes, InboundRate.unlimited());
    }

    /**
     * Also raises {@code session}'s binary buffer to the limit: containers refuse a binary message (Undertow: a frame)
     * larger than that buffer with 1009, even within our limit (D1).
     */
    public static MessageAssembler forSession(Session session, int maxBytes, InboundRate rate) {
        session.setMaxBinaryMessageBufferSize(maxBytes);
        return new MessageAssembler(maxBytes, rate);
    }

    /**
     * @return the whole message when {@code last}, else null
     * @throws MessageTooBigException the first time the message outgrows the limit; its later parts are ignored
     * @throws TooFastException when the client is past its rate; everything after is ignored
     */
    public OutboundMessage.Text text(String part, boolean last) throws InboundRefusal {
        if (refused) {
            return null;
        }
        int partBytes = Utf8.length(part);
        admit(partBytes, last);
        if (discarding) {
            discarding = !last;
            return null;
        }
        if (partBytes > maxBytes - textBytes) {
            resetText();
            discarding = !last;
            throw new MessageTooBigException(maxBytes);
        }
        if (last && textBytes == 0) {
            return new OutboundMessage.Text(part, partBytes);
        }
        text.append(part);
        textBytes += partBytes;
        if (!last) {
            return null;
        }
        OutboundMessage.Text whole = new OutboundMessage.Text(text.toString(), textBytes);
        resetText();
        return whole;
    }

    private void admit(int partBytes, boolean last) throws TooFastException {
        try {
            rate.admit(partBytes, last);
        } catch (TooFastException e) {
            refused = true;
            resetText();
            binary = new byte[0];
            binaryBytes = 0;
            throw e;
        }
    }

    /** Empties the text buffer and gives its memory back: an idle session holds no message. */
    private void resetText() {
        text.setLength(0);
        text.trimToSize();
        textBytes = 0;
    }

    /**
     * Copies the part (the container may reuse its buffer once the call returns).
     *
     * @return the whole message when {@code last}, else null
     * @throws MessageTooBigException the first time the message outgrows the limit; its later parts are ignored
     * @throws TooFastException when the client is past its rate; everything after is ignored
     */
    public OutboundMessage.Binary binary(ByteBuffer part, boolean last) throws InboundRefusal {
        if (refused) {
            return null;
        }
        int partBytes = part.remaining();
        admit(partBytes, last);
        if (discarding) {
            discarding = !last;
            return null;
        }
        if (partBytes > maxBytes - binaryBytes) {
            binary = new byte[0];
            binaryBytes = 0;
            discarding = !last;
            throw new MessageTooBigException(maxBytes);
        }
        if (binaryBytes + partBytes > binary.length) {
            // Grow geometrically, never past the limit.
            int capacity = (int) Math.min(maxBytes, Math.max(binaryBytes + partBytes, 2L * binary.length));
            binary = Arrays.copyOf(binary, capacity);
        }
        part.get(binary, binaryBytes, partBytes);
        binaryBytes += partBytes;
        if (!last) {
            return null;
        }
        OutboundMessage.Binary whole = OutboundMessage.binary(ByteBuffer.wrap(binary, 0, binaryBytes));
        binary = new byte[0];
        binaryBytes = 0;
        return whole;
    }
}
