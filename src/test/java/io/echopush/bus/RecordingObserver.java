package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Keeps what a bus reports; tests wait on its connected state (with a deadline, woken at each change). */
final class RecordingObserver implements BusObserver {

    private boolean connected;
    long sent;
    long received;
    long dropped;
    long missed;
    long reconnects;

    @Override
    public synchronized void connected(boolean up) {
        connected = up;
        notifyAll();
    }

    @Override
    public synchronized void sent() {
        sent++;
    }

    @Override
    public synchronized void received() {
        received++;
    }

    @Override
    public synchronized void dropped() {
        dropped++;
        notifyAll();
    }

    @Override
    public synchronized void missed(long count) {
        missed += count;
    }

    @Override
    public synchronized void reconnected() {
        reconnects++;
    }

    synchronized long missedCount() {
        return missed;
    }

    synchronized void awaitDropped(long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long left;
        while (dropped < expected && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        assertEquals(expected, dropped, "messages dropped after " + within);
    }

    synchronized void awaitConnected(boolean expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long left;
        while (connected != expected && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        assertEquals(expected, connected, "bus connected after " + within);
    }
}
