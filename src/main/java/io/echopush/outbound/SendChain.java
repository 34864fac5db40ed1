package io.echopush.outbound;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Writes one session's queue, one asynchronous send (or ping) at a time, because containers refuse or block on a
 * second; a failed send closes the session. Its state is guarded by the sender's lock, as the queue is.
 */
final class SendChain {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final RemoteEndpoint.Async remote;
    private final long sendTimeoutNanos;
    private final ReentrantLock lock;
    private final OutboundQueue queue;
    private final SessionCloser closes;
    private final Executor executor;
    private final OutboundObserver observer;
    private final IntFunction<OutboundMessage> droppedNotice;
    private final LongSupplier nanoTime;

    private boolean sending;
    private boolean closed;
    /** Set by {@link #closeAfterQueued}: no more messages are taken, and the chain closes when it runs dry. */
    private CloseReason closeAfter;
    private long lastProgressNanos;

    SendChain(RemoteEndpoint.Async remote, long sendTimeoutMillis, ReentrantLock lock, OutboundQueue queue,
            SessionCloser closes, Executor executor, OutboundObserver observer,
            IntFunction<OutboundMessage> droppedNotice, LongSupplier nanoTime) {
        this.remote = remote;
        this.sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
        this.lock = lock;
        this.queue = queue;
        this.closes = closes;
        this.executor = executor;
        this.observer = observer;
        this.droppedNotice = droppedNotice;
        this.nanoTime = nanoTime;
        this.lastProgressNanos = nanoTime.getAsLong();
        remote.setSendTimeout(sendTimeoutMillis);
    }

    /** Under the lock: closed, or closing once what is queued has been written. */
    boolean refusing() {
        return closed || closeAfter != null;
    }

    /** Under the lock, after queueing: true if no send was in flight, and the caller must start the chain. */
    boolean claim() {
        if (sending) {
            return false;
        }
        sending = true;
        lastProgressNanos = nanoTime.getAsLong();
        return true;
    }

    /** Under the lock: no send has finished, nor has the chain started, within the send timeout. */
    boolean stalled() {
        return nanoTime.getAsLong() - lastProgressNanos > sendTimeoutNanos;
    }

    /** Under the lock: forgets what is queued and refuses more. */
    void discard() {
        closed = true;
        queue.clear();
    }

    /** Takes no more messages, and closes once what is queued has been written. */
    void closeAfterQueued(CloseCode code, String reason) {
        lock.lock();
        try {
            if (refusing()) {
                return;
            }
            closeAfter = new CloseReason(code, reason);
            if (sending) {
                return;
            }
            sending = true;
        } finally {
            lock.unlock();
        }
        executor.execute(this::drain);
    }

    /** A ping is the one send in flight of an idle session; it blocks, so it runs on the closer. */
    boolean pingIfIdle(byte[] payload) {
        lock.lock();
        try {
            if (refusing() || sending || !queue.isEmpty()) {
                return false;
            }
            sending = true;
        } finally {
            lock.unlock();
        }
        closes.runBlocking(() -> sendPing(payload));
        return true;
    }

    private void sendPing(byte[] payload) {
        try {
            remote.sendPing(ByteBuffer.wrap(payload));
        } catch (IOException | RuntimeException e) {
            boolean wasClosed;
            lock.lock();
            try {
                wasClosed = closed;
                discard();
            } finally {
                lock.unlock();
            }
            closes.failed(e, wasClosed);
            return;
        }
        boolean resume;
        lock.lock();
        try {
            resume = !closed && (!queue.isEmpty() || closeAfter != null);
            sending = resume;
        } finally {
            lock.unlock();
        }
        if (resume) {
            executor.execute(this::drain);
        }
    }

    /** Writes until the queue is empty, with the platform class loader as context (Tyrus: docs/benchmarks.md). */
    void drain() {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM);
        try {
            sendWhatIsQueued();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    /** Whichever ends second, the send or {@code sendAsync}, goes on: no recursion, never two sends in flight. */
    private void sendWhatIsQueued() {
        while (true) {
            OutboundMessage next;
            CloseReason closeNow = null;
            lock.lock();
            try {
                next = closed ? null : queue.takeNext(droppedNotice);
                if (next == null) {
                    sending = false;
                    if (closeAfter != null && !closed) {
                        closeNow = closeAfter;
                        discard();
                    }
                }
            } finally {
                lock.unlock();
            }
            if (next == null) {
                if (closeNow != null) {
                    closes.now(closeNow);
                }
                return;
            }
            AtomicBoolean otherHalfDone = new AtomicBoolean();
            try {
                next.sendAsync(remote, result -> {
                    if (completed(next, result) && otherHalfDone.getAndSet(true)) {
                        drain();
                    }
                });
            } catch (RuntimeException e) {
                // e.g. IllegalStateException: the session closed under us
                completed(next, new SendResult(e));
                return;
            }
            if (!otherHalfDone.getAndSet(true)) {
                return;
            }
        }
    }

    /** Accounts for a finished send; a failed one closes the session. Answers whether to go on. */
    private boolean completed(OutboundMessage sent, SendResult result) {
        boolean wasClosed;
        lock.lock();
        try {
            wasClosed = closed;
            queue.written(sent);
            if (result.isOK()) {
                lastProgressNanos = nanoTime.getAsLong();
            } else {
                discard();
            }
        } finally {
            lock.unlock();
        }
        if (result.isOK()) {
            observer.sent();
            return true;
        }
        closes.failed(result.getException(), wasClosed);
        return false;
    }
}
