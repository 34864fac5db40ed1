package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Keeps what a bus reports. The bus reports from its own threads, after the fact (a message is counted as
 * received once delivered), so tests wait for a figure with a deadline, woken at each report.
 */
final class RecordingObserver implements BusObserver {

    private boolean connected;
    private long sent;
    private long received;
    private long dropped;
    private long missed;
    private long recovered;
    private long reconnects;

    @Override
    public synchronized void connected(boolean up) {
        connected = up;
        notifyAll();
    }

    @Override
    public synchronized void sent() {
        sent++;
        notifyAll();
    }

    @Override
    public synchronized void received() {
        received++;
        notifyAll();
    }

    @Override
    public synchronized void dropped() {
        dropped++;
        notifyAll();
    }

    @Override
    public synchronized void missed(long count) {
        missed += count;
        notifyAll();
    }

    @Override
    public synchronized void recovered(long count) {
        recovered += count;
        notifyAll();
    }

    @Override
    public synchronized void reconnected() {
        reconnects++;
        notifyAll();
    }

    static long countSent(RecordingObserver o) {
        return o.sent;
    }

    static long countReceived(RecordingObserver o) {
        return o.received;
    }

    static long countDropped(RecordingObserver o) {
        return o.dropped;
    }

    static long countMissed(RecordingObserver o) {
        return o.missed;
    }

    static long countRecovered(RecordingObserver o) {
        return o.recovered;
    }

    static long countReconnects(RecordingObserver o) {
        return o.reconnects;
    }

    /** Waits until {@code figure} is {@code expected}; asserts it then. */
    synchronized void await(String what, ToLongFunction<RecordingObserver> figure, long expected, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long left;
        while (figure.applyAsLong(this) != expected && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        assertEquals(expected, figure.applyAsLong(this), what + " after " + within);
    }

    /** Waits until {@code figure} is at least {@code minimum}; asserts it then. */
    synchronized void awaitAtLeast(String what, ToLongFunction<RecordingObserver> figure, long minimum,
            Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long left;
        while (figure.applyAsLong(this) < minimum && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        long seen = figure.applyAsLong(this);
        assertTrue(seen >= minimum, what + " is " + seen + ", not at least " + minimum + " after " + within);
    }

    synchronized void awaitConnected(boolean expected, Duration within) throws InterruptedException {
        await("connected", o -> o.connected ? 1 : 0, expected ? 1 : 0, within);
    }
}
