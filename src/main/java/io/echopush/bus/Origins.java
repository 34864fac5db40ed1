package io.echopush.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last number seen from each other node: a message numbered at or below it was delivered already (a
 * publish the broker carried twice) and is dropped; a jump counts the messages missed. Bounded: a node that
 * restarts has a new id, so the oldest ids are forgotten. Used by the subscriber thread only.
 */
final class Origins {

    /** What to do with one message. */
    record Verdict(boolean deliver, long missed) {
    }

    private static final int MAX_NODES = 1024;

    private final Map<String, Long> lastSeen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_NODES;
        }
    };

    Verdict accept(String node, long number) {
        Long last = lastSeen.get(node);
        if (last != null && number <= last) {
            return new Verdict(false, 0);
        }
        lastSeen.put(node, number);
        return new Verdict(true, last == null ? 0 : number - last - 1);
    }
}
