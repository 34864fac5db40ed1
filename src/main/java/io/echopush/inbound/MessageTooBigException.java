package io.echopush.inbound;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;

/** An incoming message outgrew the configured limit; the session is to be closed with 1009. */
public final class MessageTooBigException extends InboundRefusal {

    public MessageTooBigException(int maxBytes) {
        super("Message exceeds " + maxBytes + " bytes");
    }

    @Override
    public CloseCode closeCode() {
        return CloseCodes.TOO_BIG;
    }
}
