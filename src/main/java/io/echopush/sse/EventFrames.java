package io.echopush.sse;

import io.echopush.protocol.PushCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * push.v1 messages as Server-Sent Events: a {@code message} is an unnamed event (so {@code onmessage} hears it),
 * every other type an event of that name; the data is the JSON {@code /push} sends, byte for byte (D47).
 */
final class EventFrames {

    private static final String TYPE_PREFIX = "{\"type\":\"";
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private EventFrames() {
    }

    /** What a stream starts with: how long a browser waits before reconnecting, and a comment to open the stream. */
    static byte[] preamble(long retryMillis) {
        return ascii("retry: " + retryMillis + "\n: echo-push push.v1 events\n\n");
    }

    /** A comment line: proxies see traffic, browsers ignore it. */
    static byte[] heartbeat() {
        return ascii(": heartbeat\n\n");
    }

    /** The event carrying {@code json}, with the cursor's {@code id} if it moved (null: the last id stands). */
    static byte[] event(String json, String id) {
        StringBuilder frame = new StringBuilder(json.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        String type = type(json);
        if (!"message".equals(type)) {
            frame.append("event: ").append(type).append('\n');
        }
        if (json.indexOf('\n') < 0 && json.indexOf('\r') < 0) {
            frame.append("data: ").append(json).append('\n'); // compact JSON: always this way
        } else {
            for (String line : LINE_BREAK.split(json, -1)) {
                frame.append("data: ").append(line).append('\n'); // each line its own data line
            }
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The last event of a stream the server ends: the close code and reason a WebSocket would have had. */
    static byte[] close(int code, String reason) {
        Map<String, Object> close = new LinkedHashMap<>();
        close.put("type", "close");
        close.put("code", code);
        close.put("reason", reason);
        return event(PushCodec.json(close), null);
    }

    /** The {@code type} PushCodec writes first; "message" if it cannot be read there. */
    static String type(String json) {
        if (!json.startsWith(TYPE_PREFIX)) {
            return "message";
        }
        int end = json.indexOf('"', TYPE_PREFIX.length());
        return end < 0 ? "message" : json.substring(TYPE_PREFIX.length(), end);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
