package io.echopush.web;

import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.Since;

/** The query of {@code GET /api/topics/{topic}/messages}: a position ({@code epoch} and {@code since}) and a limit. */
final class HistoryQuery {

    private HistoryQuery() {
    }

    /** Both or neither: a {@code since} means nothing without the epoch it counts in. */
    static Since since(String epoch, String since) throws BadRequestException {
        if (epoch == null && since == null) {
            return null;
        }
        if (epoch == null || since == null || epoch.isEmpty() || epoch.length() > 64) {
            throw new BadRequestException("epoch and since go together: ?epoch=E&since=S");
        }
        return new Since(epoch, whole(since, "since", 0, Long.MAX_VALUE));
    }

    static int limit(String limit) throws BadRequestException {
        return limit == null ? PushCodec.MAX_HISTORY_LIMIT
                : (int) whole(limit, "limit", 1, PushCodec.MAX_HISTORY_LIMIT);
    }

    private static long whole(String text, String name, long min, long max) throws BadRequestException {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below, with the range
        }
        throw new BadRequestException("invalid " + name + ": a whole number from " + min + " to " + max);
    }
}
