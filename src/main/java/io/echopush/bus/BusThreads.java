package io.echopush.bus;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Whether the Redis bus's threads go on; their pauses end early at stop, so an undeploy does not wait them out. */
final class BusThreads {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final Object pause = new Object();
    private volatile boolean running;

    boolean running() {
        return running;
    }

    void begin() {
        running = true;
    }

    /** Tells the threads to end and wakes those pausing; joining them is up to the caller. */
    void end() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    /** Waits {@code millis}, or less if the bus stops or the thread is interrupted. */
    void pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (pause) {
            long left;
            while (running && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pause, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static Thread start(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void join(Thread thread) {
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning(() -> thread.getName() + " did not end within " + STOP_WAIT_MILLIS + " ms");
        }
    }
}
