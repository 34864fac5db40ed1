package io.echopush.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echopush.support.ExactJson;

/**
 * One message on the Redis channel of its topic: the origin node, the origin's own number for it (one counter
 * per node, all topics), who published it and its data. The number lets a receiver drop a message it has
 * already delivered and count the ones it never got. Read exactly (numbers as sent), as the publishing node read them.
 */
record Envelope(String node, long number, String from, JsonNode data) {

    private static final ObjectMapper JSON = ExactJson.MAPPER;

    String encode() {
        ObjectNode json = JSON.createObjectNode();
        json.put("node", node);
        json.put("n", number);
        if (from != null) {
            json.put("from", from);
        }
        json.set("data", data);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree that cannot be written", e);
        }
    }

    /** @throws IllegalArgumentException if {@code text} is not an envelope */
    static Envelope decode(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        if (json == null || !json.path("node").isTextual() || !json.path("n").canConvertToExactIntegral()
                || !json.has("data")) {
            throw new IllegalArgumentException("not an envelope");
        }
        // the broker is a trust boundary: what no node would have let in is refused here too
        String unencodable = ExactJson.unencodable(json);
        if (unencodable != null) {
            throw new IllegalArgumentException("cannot be sent exactly: " + unencodable);
        }
        JsonNode from = json.get("from");
        return new Envelope(json.get("node").asText(), json.get("n").asLong(),
                from == null || from.isNull() ? null : from.asText(), json.get("data"));
    }
}
