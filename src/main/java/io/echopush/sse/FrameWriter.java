package io.echopush.sse;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

/**
 * Writes a stream's frames through the servlet's non-blocking output: no thread waits on a slow client. A write
 * completes once its frame is flushed; one still waiting after the send timeout fails, as a WebSocket send would.
 * Each method holds the lock only while it touches the output; handlers run outside it.
 */
final class FrameWriter implements WriteListener {

    private final ServletOutputStream out;
    private final Runnable broken;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final PendingWrite waiting;
    private boolean started;
    private boolean flushOwed;
    private boolean finished;

    /** @param broken run once when the output fails: the client is gone */
    FrameWriter(ServletOutputStream out, BiFunction<Runnable, Duration, ScheduledFuture<?>> schedule, Runnable broken) {
        this.out = out;
        this.broken = broken;
        this.waiting = new PendingWrite(schedule, this);
    }

    /**
     * Switches the output to non-blocking, then writes: a write before the listener is set would be a blocking one,
     * after which Jetty refuses the listener (seen under a burst of new streams). Not under the lock: the container
     * may call back on another thread meanwhile, and finds the writer not yet started.
     */
    void start(byte[] first) {
        synchronized (this) {
            frames.addFirst(first);
        }
        out.setWriteListener(this);
        synchronized (this) {
            started = true;
        }
        pump();
    }

    /** Writes {@code frame}; {@code done} hears when it is flushed (the caller has no other write going). */
    void write(byte[] frame, SendHandler done, long timeoutMillis) {
        synchronized (this) {
            if (!finished) {
                frames.add(frame);
                waiting.set(done, timeoutMillis);
                done = null;
            }
        }
        if (done != null) {
            done.onResult(new SendResult(new IOException("the stream has ended")));
            return;
        }
        pump();
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    synchronized boolean isOpen() {
        return !finished;
    }

    /**
     * Stops writing; writes {@code last} first if nothing is in the way (a stalled client gets no more). Answers
     * whether this call stopped it: only the first does.
     */
    boolean finish(byte[] last) {
        SendHandler abandoned;
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
            if (last != null && started && frames.isEmpty() && !flushOwed && waiting.isEmpty()) {
                try {
                    if (out.isReady()) {
                        out.write(last);
                    }
                } catch (IOException | IllegalStateException gone) {
                    // the client left first: nothing to tell it
                }
            }
            abandoned = waiting.take();
        }
        if (abandoned != null) {
            abandoned.onResult(new SendResult(new IOException("the stream has ended")));
        }
        return true;
    }

    /** Writes and flushes while the output takes it; the handler hears once all is flushed. */
    private void pump() {
        SendHandler done = null;
        Exception failure = null;
        synchronized (this) {
            if (!started || finished) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] next = frames.poll();
                    if (next != null) {
                        out.write(next);
                        flushOwed = true;
                    } else if (flushOwed) {
                        flushOwed = false;
                        out.flush();
                    } else {
                        done = waiting.take();
                        break;
                    }
                }
                waiting.watch(); // if not ready with a write waiting
            } catch (IOException | IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            fail(failure);
        } else if (done != null) {
            done.onResult(new SendResult());
        }
    }

    private void fail(Throwable error) {
        SendHandler failed;
        synchronized (this) {
            failed = waiting.take();
            frames.clear();
            flushOwed = false;
        }
        broken.run();
        if (failed != null) {
            failed.onResult(new SendResult(error));
        }
    }
}
