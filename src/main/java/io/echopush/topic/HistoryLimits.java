package io.echopush.topic;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every topic's history may hold: {@code size} messages each, kept {@code ttlNanos} after the last publish, and
 * {@code maxBytes} on this node together (one budget, shared; past it a topic drops its own oldest first).
 */
public final class HistoryLimits {

    private final int size;
    private final long ttlNanos;
    private final long maxBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    public HistoryLimits(int size, long ttlNanos, long maxBytes) {
        this.size = size;
        this.ttlNanos = ttlNanos;
        this.maxBytes = maxBytes;
    }

    /** No history at all: positions are only live (tests of other concerns). */
    public static HistoryLimits none() {
        return new HistoryLimits(0, Long.MAX_VALUE, 0);
    }

    int size() {
        return size;
    }

    long ttlNanos() {
        return ttlNanos;
    }

    boolean overBudget() {
        return usedBytes.get() > maxBytes;
    }

    void take(long bytes) {
        usedBytes.addAndGet(bytes);
    }

    void give(long bytes) {
        usedBytes.addAndGet(-bytes);
    }

    /** Bytes all histories hold now (/metrics: echopush_history_bytes). */
    public long usedBytes() {
        return usedBytes.get();
    }
}
