package io.echopush.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echopush.support.ExactJson;

/**
 * A publication as Redis keeps it (node, time, publisher, data), read exactly so every node sees what the publishing
 * node saw; the stream entry's id is its position, and on the channel the store script splices the position in front.
 */
record Envelope(String node, Publication publication) {

    private static final ObjectMapper JSON = ExactJson.MAPPER;

    /** Starts with {@code {"node":}: the store script splices the position in after the brace. */
    String encode() {
        ObjectNode json = JSON.createObjectNode();
        json.put("node", node);
        json.put("time", publication.time());
        if (publication.from() != null) {
            json.put("from", publication.from());
        }
        json.set("data", publication.data());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree that cannot be written", e);
        }
    }

    /** What the channel of {@code topic} carried: the envelope with its position. */
    static Stored decodePositioned(String topic, String text) {
        JsonNode json = read(text);
        if (!json.path("epoch").isTextual() || !json.path("seq").canConvertToExactIntegral()
                || json.get("seq").asLong() < 1) {
            throw new IllegalArgumentException("no position");
        }
        Position position = new Position(json.get("epoch").asText(), json.get("seq").asLong());
        return new Stored(position, publication(topic, json));
    }

    /** An entry of the stream of {@code topic}, stored at {@code position}. */
    static Stored decode(String topic, Position position, String text) {
        return new Stored(position, publication(topic, read(text)));
    }

    private static Publication publication(String topic, JsonNode json) {
        JsonNode from = json.get("from");
        return new Publication(topic, json.get("data"), from == null || from.isNull() ? null : from.asText(),
                json.get("time").asText());
    }

    /** @throws IllegalArgumentException if {@code text} is not an envelope */
    private static JsonNode read(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        if (json == null || !json.path("node").isTextual() || !json.path("time").isTextual() || !json.has("data")) {
            throw new IllegalArgumentException("not an envelope");
        }
        // the broker is a trust boundary: what no node would have let in is refused here too
        String unencodable = ExactJson.unencodable(json);
        if (unencodable != null) {
            throw new IllegalArgumentException("cannot be sent exactly: " + unencodable);
        }
        return json;
    }
}
