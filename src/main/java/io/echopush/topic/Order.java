package io.echopush.topic;

import io.echopush.bus.Stored;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a topic's messages from the broker in seq order: a message can come twice and out of order (the publishing
 * thread's answer and the channel), so one ahead is held until the gap fills. Guarded by its topic's lock.
 */
final class Order {

    /** What to do with a message from the broker. */
    enum Outcome {
        /** Next in order: deliver it now. */
        NEXT,
        /** At or below the top: delivered already. */
        DUPLICATE,
        /** Ahead of the top: held until the gap fills (from the channel, or by a catch-up). */
        HELD,
        /** Another epoch than this copy's (or this node went on alone): only a catch-up can tell what came between. */
        STRANGER,
        /** The topic is gone. */
        GONE
    }

    // Enough for every publishing thread's answer to overtake the channel; past it the channel or a catch-up fills in.
    private static final int MAX_HELD = 4_096;

    private final TreeMap<Long, Stored> held = new TreeMap<>();

    Outcome place(Stored stored, History history) {
        if (!history.shared() || !history.epoch().equals(stored.position().epoch())) {
            return Outcome.STRANGER;
        }
        long seq = stored.position().seq();
        if (seq <= history.top()) {
            return Outcome.DUPLICATE;
        }
        if (seq == history.top() + 1) {
            return Outcome.NEXT;
        }
        if (held.size() < MAX_HELD) {
            held.putIfAbsent(seq, stored);
        }
        return Outcome.HELD;
    }

    /** The held message that is next now (removed), or null. */
    Stored takeNext(History history) {
        Map.Entry<Long, Stored> first = held.firstEntry();
        if (first == null || first.getKey() != history.top() + 1
                || !first.getValue().position().epoch().equals(history.epoch())) {
            return null;
        }
        return held.pollFirstEntry().getValue();
    }

    /** Drops what a catch-up made old: at or below the top, or of another epoch. */
    void forgetUpTo(History history) {
        for (Iterator<Stored> it = held.values().iterator(); it.hasNext(); ) {
            Stored stored = it.next();
            if (stored.position().seq() <= history.top() || !stored.position().epoch().equals(history.epoch())) {
                it.remove();
            }
        }
    }
}
