package io.echopush.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A client message that push.v1 cannot serve; the message (never the payload) goes back in an error. */
public final class BadRequestException extends Exception {

    /** The refused request's own id, echoed in the error; null if it had none or could not be read. */
    private final transient JsonNode id;

    public BadRequestException(String reason) {
        this(reason, null);
    }

    public BadRequestException(String reason, JsonNode id) {
        super(reason, null, false, false);
        this.id = id;
    }

    public JsonNode id() {
        return id;
    }
}
