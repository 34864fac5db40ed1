package io.echopush.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An event stream's body, cut into events at blank lines: each event's data lines, joined as EventSource joins
 * them, go to {@code onData}. The event's name and id are not needed (push.v1's JSON names its type), nor are
 * comments. Lines end in a line feed, as both servers here write them (a carriage return is not looked for).
 */
final class EventText {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<String> onData;
    /** The body not yet ended by a blank line. */
    private byte[] text = new byte[512];
    private int length;

    EventText(Consumer<String> onData) {
        this.onData = onData;
    }

    /** Appends {@code count} body bytes, then hands on every event a blank line has ended. */
    void append(ByteBuffer bytes, int count) {
        if (length + count > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, length + count));
        }
        int from = Math.max(0, length - 1);
        bytes.get(text, length, count);
        length += count;
        int eventStart = 0;
        for (int i = from; i + 1 < length; i++) {
            if (text[i] == '\n' && text[i + 1] == '\n') {
                event(eventStart, i + 1);
                eventStart = i + 2;
                i++;
            }
        }
        if (eventStart > 0) {
            System.arraycopy(text, eventStart, text, 0, length - eventStart);
            length -= eventStart;
        }
    }

    /** One event's lines, {@code from} to {@code to}: its data lines joined, as EventSource gives them. */
    private void event(int from, int to) {
        StringBuilder data = null;
        for (int start = from; start < to; ) {
            int end = start;
            while (text[end] != '\n') {
                end++;
            }
            if (startsWith(start, end, DATA)) {
                int value = start + 5 < end && text[start + 5] == ' ' ? start + 6 : start + 5;
                String line = new String(text, value, end - value, StandardCharsets.UTF_8);
                data = data == null ? new StringBuilder(line) : data.append('\n').append(line);
            }
            start = end + 1;
        }
        if (data != null) {
            onData.accept(data.toString());
        }
    }

    private boolean startsWith(int start, int end, byte[] prefix) {
        return end - start >= prefix.length && Arrays.equals(text, start, start + prefix.length, prefix, 0,
                prefix.length);
    }
}
