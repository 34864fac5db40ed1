package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;

/** What a client may send on {@code /push} ({@code push.v1}); {@link PushCodec#decode} makes these. */
public sealed interface ClientMessage {

    /** The topic named; always valid by the time a message exists. */
    String topic();

    /** The client's own {@code "id"} for this request (a short string or a whole number), or null: echoed in its reply. */
    JsonNode id();

    /** {@code {"type":"subscribe","topic":"T"}} */
    record Subscribe(String topic, JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"unsubscribe","topic":"T"}} */
    record Unsubscribe(String topic, JsonNode id) implements ClientMessage {
    }

    /** {@code {"type":"publish","topic":"T","data":<any JSON value>}} */
    record Publish(String topic, JsonNode data, JsonNode id) implements ClientMessage {
    }
}
