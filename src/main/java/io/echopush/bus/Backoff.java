package io.echopush.bus;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts to reach the broker: doubling from a first delay to a ceiling, with jitter so that nodes
 * do not reconnect in step.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(long firstMillis, long maxMillis) {
        this.firstMillis = firstMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = firstMillis;
    }

    /** The delay before the next attempt (each call doubles the one after, up to the ceiling). */
    long next() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    void reset() {
        nextMillis = firstMillis;
    }
}
