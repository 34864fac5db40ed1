package io.echopush.sse;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The write a stream waits on, and its send timeout: watched only while the output is not ready, so a client that
 * reads costs no timer. Guarded by the {@link FrameWriter}'s lock; handlers are told outside it.
 */
final class PendingWrite {

    private final BiFunction<Runnable, Duration, ScheduledFuture<?>> schedule;
    private final Object lock;
    private SendHandler handler;
    private long timeoutMillis;
    private ScheduledFuture<?> watch;

    /** @param lock the writer's, which every other method here is called under */
    PendingWrite(BiFunction<Runnable, Duration, ScheduledFuture<?>> schedule, Object lock) {
        this.schedule = schedule;
        this.lock = lock;
    }

    void set(SendHandler handler, long timeoutMillis) {
        this.handler = handler;
        this.timeoutMillis = timeoutMillis;
    }

    boolean isEmpty() {
        return handler == null;
    }

    /** The handler waiting, now no longer (null: none), its watch cancelled. */
    SendHandler take() {
        if (watch != null) {
            watch.cancel(false);
            watch = null;
        }
        SendHandler taken = handler;
        handler = null;
        return taken;
    }

    /** The output is not ready: the waiting write fails if it still waits after the send timeout. */
    void watch() {
        if (handler != null && watch == null) {
            SendHandler watched = handler;
            watch = schedule.apply(() -> timedOut(watched), Duration.ofMillis(timeoutMillis));
        }
    }

    /** Fails {@code watched} if it still waits: not another write that a late timer must not touch. */
    private void timedOut(SendHandler watched) {
        SendHandler late;
        synchronized (lock) {
            if (handler != watched) {
                return;
            }
            watch = null;
            late = take();
        }
        late.onResult(new SendResult(new TimeoutException("the client did not read for " + timeoutMillis + " ms")));
    }
}
