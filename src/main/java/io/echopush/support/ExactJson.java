package io.echopush.support;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * JSON as it was sent: numbers keep their exact text, duplicate keys and trailing garbage are refused. Every reader of
 * published data (the push codec, the bus between nodes) uses this one mapper, so a value is the same on every node.
 */
public final class ExactJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private ExactJson() {
    }

    /**
     * Why {@code json} cannot be sent exactly (a lone surrogate in a key or string, NaN, infinity), or null if it can;
     * never quotes the data. Checked where data enters, so that no send can fail on it (D32).
     */
    public static String unencodable(JsonNode json) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(json);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                String why = loneSurrogate(node.textValue(), "a string");
                if (why != null) {
                    return why;
                }
            } else if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                return "a number JSON cannot write (" + node.doubleValue() + ")";
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String why = loneSurrogate(field.getKey(), "a key");
                    if (why != null) {
                        return why;
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
        return null;
    }

    /** Why {@code text} cannot be written as UTF-8, or null if it can. */
    private static String loneSurrogate(String text, String where) {
        int at = Utf8.loneSurrogate(text);
        return at < 0 ? null
                : String.format("a lone surrogate (\\u%04X) in %s, which UTF-8 cannot encode", (int) text.charAt(at), where);
    }
}
