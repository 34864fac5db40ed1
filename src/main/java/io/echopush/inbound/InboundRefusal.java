package io.echopush.inbound;

import jakarta.websocket.CloseReason.CloseCode;

/** What a client sent cannot be taken; the session is to be closed with {@link #closeCode()}. */
public abstract class InboundRefusal extends Exception {

    protected InboundRefusal(String message) {
        super(message);
    }

    public abstract CloseCode closeCode();
}
