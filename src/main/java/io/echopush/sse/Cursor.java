package io.echopush.sse;

import io.echopush.outbound.OutboundMessage.Mark;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.Since;
import io.echopush.protocol.TopicName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a stream's client stands in each of its topics, as the SSE {@code id:} carries it: {@code topic:epoch:seq}
 * per topic, joined by commas, so that the one {@code Last-Event-ID} a browser sends back resumes every topic (D47).
 * Moved only by the stream's one writer, in send order.
 */
final class Cursor {

    /** Epochs are opaque but ours are base 36; no separator, nothing a header cannot carry. */
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    private final Map<String, Mark> marks = new LinkedHashMap<>();

    /** Takes {@code mark}'s topic to its position; answers the cursor's id now. */
    String move(Mark mark) {
        marks.put(mark.topic(), mark);
        StringBuilder id = new StringBuilder();
        for (Mark each : marks.values()) {
            if (id.length() > 0) {
                id.append(',');
            }
            id.append(each.topic()).append(':').append(each.epoch()).append(':').append(each.seq());
        }
        return id.toString();
    }

    /**
     * The positions an id (a {@code Last-Event-ID}, a {@code since}) names, by topic; empty for null or blank.
     *
     * @throws BadRequestException naming what is malformed: never a guess at a position
     */
    static Map<String, Since> parse(String id) throws BadRequestException {
        Map<String, Since> positions = new LinkedHashMap<>();
        if (id == null || id.isBlank()) {
            return positions;
        }
        for (String part : id.split(",", -1)) {
            String[] fields = part.trim().split(":", -1);
            if (fields.length != 3 || !TopicName.isValid(fields[0]) || !EPOCH.matcher(fields[1]).matches()
                    || !SEQ.matcher(fields[2]).matches()) {
                throw new BadRequestException("invalid position: topic:epoch:seq, joined by commas");
            }
            if (positions.put(fields[0], new Since(fields[1], Long.parseLong(fields[2]))) != null) {
                throw new BadRequestException("invalid position: topic " + fields[0] + " named twice");
            }
        }
        return positions;
    }
}
