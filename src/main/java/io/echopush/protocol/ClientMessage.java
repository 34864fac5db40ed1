package io.echopush.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** What a client may send on {@code /push} ({@code push.v1}); {@link PushCodec#decode} makes these. */
public sealed interface ClientMessage {

    /** The client's own {@code "id"} (a short string or a whole number), or null; echoed in its reply (D19). */
    JsonNode id();

    // Each topic() named is valid by the time a message exists.

    /** {@code {"type":"subscribe","topic":"T"}}, with the last position seen if the client comes back. */
    record Subscribe(String topic, Since since, JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"history","topic":"T","since":{...},"limit":N}}: the kept messages after a position. */
    record History(String topic, Since since, int limit, JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"unsubscribe","topic":"T"}} */
    record Unsubscribe(String topic, JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"publish","topic":"T","data":<any JSON value>}} */
    record Publish(String topic, JsonNode data, JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"whoami"}}: who the server takes this socket for, answered with {@code identity} (D45). */
    record WhoAmI(JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"auth","token":"<JWS>"}}: an access token (D44), checked by the endpoint, not here. */
    record Auth(String token, JsonNode id) implements ClientMessage {
        /** No token in a log line or {@code toString}: it is a credential. */
        @Override
        public String toString() {
            return "Auth[token=(" + token.length() + " characters), id=" + id + "]";
        }
    }
}
