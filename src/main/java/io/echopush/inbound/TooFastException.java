package io.echopush.inbound;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;

/** A client sent more messages or bytes than its rate allows; the session is to be closed with 1008. */
public final class TooFastException extends InboundRefusal {

    public TooFastException(String what) {
        super("Too many " + what + " per second");
    }

    @Override
    public CloseCode closeCode() {
        return CloseCodes.VIOLATED_POLICY;
    }
}
