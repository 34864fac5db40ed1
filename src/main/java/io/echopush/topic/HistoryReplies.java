package io.echopush.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.echopush.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/** A history reply within the message size limit: the kept messages in order, as many as fit. */
final class HistoryReplies {

    /** Room for the reply around its messages: type, topic, epoch, seq, recovered, id. */
    private static final int ENVELOPE_BYTES = 512;

    private HistoryReplies() {
    }

    /** {@code kept} null: the history does not hold everything after the position asked for (not recovered). */
    static ServerMessage.History of(String topic, String epoch, long top, List<History.Kept> kept, int maxBytes,
            JsonNode id) {
        List<RawValue> messages = new ArrayList<>();
        long bytes = ENVELOPE_BYTES;
        if (kept != null) {
            for (History.Kept message : kept) {
                bytes += message.message().bytes() + 1;
                if (bytes > maxBytes) {
                    break; // the client asks again from the last one it got
                }
                messages.add(new RawValue(message.message().text()));
            }
        }
        return new ServerMessage.History(topic, epoch, top, kept != null, messages, id);
    }
}
