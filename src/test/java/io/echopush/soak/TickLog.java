package io.echopush.soak;

import java.time.Duration;
import java.util.Queue;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where a window of consecutive clock ticks reached: how many subscribers got each, when the first and the last
 * got it, and anything out of order. Written by every subscriber's listener at once.
 */
final class TickLog {

    private static final int MAX_PROBLEMS = 10;

    private final int subscribers;
    private final int ticks;
    private final AtomicLong highestSeen = new AtomicLong();
    private volatile long first = Long.MAX_VALUE;
    private final AtomicIntegerArray counts;
    private final AtomicLongArray firstNanos;
    private final AtomicLongArray lastNanos;
    private final CountDownLatch deliveries;
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    TickLog(int subscribers, int ticks) {
        this.subscribers = subscribers;
        this.ticks = ticks;
        this.counts = new AtomicIntegerArray(ticks);
        this.firstNanos = new AtomicLongArray(ticks);
        this.lastNanos = new AtomicLongArray(ticks);
        for (int i = 0; i < ticks; i++) {
            firstNanos.set(i, Long.MAX_VALUE);
            lastNanos.set(i, Long.MIN_VALUE);
        }
        this.deliveries = new CountDownLatch(subscribers * ticks);
    }

    /** The window: {@code ticks} ticks from the one after {@code seq}; answers the first seq of it. */
    long startAfter(long seq) {
        first = seq + 1;
        return first;
    }

    long highestSeen() {
        return highestSeen.get();
    }

    /** A subscriber got tick {@code seq} at {@code nanos}; its previous tick was {@code previous} (0: none yet). */
    void arrived(long previous, long seq, long nanos) {
        highestSeen.accumulateAndGet(seq, Math::max);
        if (previous != 0 && seq != previous + 1) {
            problem("seq " + seq + " after " + previous);
        }
        long i = seq - first;
        if (i >= 0 && i < ticks) {
            counts.incrementAndGet((int) i);
            firstNanos.accumulateAndGet((int) i, nanos, Math::min);
            lastNanos.accumulateAndGet((int) i, nanos, Math::max);
            deliveries.countDown();
        }
    }

    /** Something a subscriber should never get (a drop notice, an error), or a tick out of order. */
    void problem(String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(what);
        }
    }

    /** Waits until every subscriber has every tick of the window; false if {@code within} passed first. */
    boolean awaitAll(Duration within) throws InterruptedException {
        return deliveries.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The longest time from a tick's first arrival to its last (zero before any). */
    Duration maxSpread() {
        long max = 0;
        for (int i = 0; i < ticks; i++) {
            if (counts.get(i) > 0) {
                max = Math.max(max, lastNanos.get(i) - firstNanos.get(i));
            }
        }
        return Duration.ofNanos(max);
    }

    /** Empty, or the first few problems. */
    String disorder() {
        return String.join("; ", problems);
    }

    /** Per tick: "seq 12: 4998/5000 in 350 ms". */
    String summary() {
        StringJoiner summary = new StringJoiner(", ");
        for (int i = 0; i < ticks; i++) {
            long spread = counts.get(i) > 0 ? (lastNanos.get(i) - firstNanos.get(i)) / 1_000_000 : 0;
            summary.add("seq " + (first + i) + ": " + counts.get(i) + "/" + subscribers + " in " + spread + " ms");
        }
        return summary.toString();
    }
}
