package io.echopush.outbound;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.SendResult;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * Writes one session's queue, one asynchronous send at a time, because containers refuse or block on a
 * second; a failed send closes the session. The sender's lock guards the queue and the {@link ChainState}.
 */
final class SendChain {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final Peer peer;
    private final ReentrantLock lock;
    private final OutboundQueue queue;
    private final ChainState state;
    private final SessionCloser closes;
    private final Executor executor;
    private final OutboundObserver observer;
    private final IntFunction<OutboundMessage> droppedNotice;

    SendChain(Peer peer, ReentrantLock lock, OutboundQueue queue, ChainState state,
            SessionCloser closes, Executor executor, OutboundObserver observer,
            IntFunction<OutboundMessage> droppedNotice) {
        this.peer = peer;
        this.lock = lock;
        this.queue = queue;
        this.state = state;
        this.closes = closes;
        this.executor = executor;
        this.observer = observer;
        this.droppedNotice = droppedNotice;
    }

    /** Under the lock: forgets what is queued and refuses more. */
    void discard() {
        state.close();
        queue.clear();
    }

    /** Takes no more messages, and closes once what is queued has been written. */
    void closeAfterQueued(CloseCode code, String reason) {
        boolean start;
        lock.lock();
        try {
            start = state.closeAfter(code, reason);
        } finally {
            lock.unlock();
        }
        if (start) {
            startLater();
        }
    }

    /** Starts writing on the executor, never on the caller's thread. */
    void startLater() {
        executor.execute(this::drain);
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
                next = state.closed() ? null : queue.takeNext(droppedNotice);
                if (next == null && (closeNow = state.ranDry()) != null) {
                    discard();
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
                peer.send(next, result -> {
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
            wasClosed = state.closed();
            queue.written(sent);
            if (result.isOK()) {
                state.progress();
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
