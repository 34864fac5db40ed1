package io.echopush.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.access.Grant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/tokens}, read strictly: {@code {"subscribe":[patterns], "publish":[patterns],
 * "seconds":N}}, every field optional but one pattern, no other field (a misspelt one must not pass unnoticed).
 */
record TokenRequest(Grant grant, int seconds) {

    private static final Set<String> FIELDS = Set.of("subscribe", "publish", "seconds");

    /** @throws IllegalArgumentException with the reason for the client, never quoting its text */
    static TokenRequest read(JsonNode body, int maxSeconds) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object: {\"subscribe\":[…],\"publish\":[…],"
                    + "\"seconds\":N}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                throw new IllegalArgumentException("unknown field: only subscribe, publish and seconds");
            }
        }
        Grant grant = Grant.of(patterns(body, "subscribe"), patterns(body, "publish"));
        JsonNode seconds = body.get("seconds");
        if (seconds == null || seconds.isNull()) {
            return new TokenRequest(grant, maxSeconds);
        }
        if (!seconds.isIntegralNumber() || !seconds.canConvertToInt() || seconds.intValue() < 1
                || seconds.intValue() > maxSeconds) {
            throw new IllegalArgumentException("seconds must be a whole number from 1 to " + maxSeconds);
        }
        return new TokenRequest(grant, seconds.intValue());
    }

    private static List<String> patterns(JsonNode body, String field) {
        JsonNode array = body.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of topic patterns");
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode item : array) {
            patterns.add(item.isTextual() ? item.textValue() : null); // Grant refuses null, naming its place
        }
        return patterns;
    }
}
