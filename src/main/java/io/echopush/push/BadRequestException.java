package io.echopush.push;

/** A client message that push.v1 cannot serve; the message (never the payload) goes back in an error. */
public final class BadRequestException extends Exception {

    public BadRequestException(String reason) {
        super(reason, null, false, false);
    }
}
