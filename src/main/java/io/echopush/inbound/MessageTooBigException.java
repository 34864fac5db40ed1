package io.echopush.inbound;

/** An incoming message outgrew the configured limit; the session is to be closed with 1009. */
public final class MessageTooBigException extends Exception {

    public MessageTooBigException(int maxBytes) {
        super("Message exceeds " + maxBytes + " bytes");
    }
}
