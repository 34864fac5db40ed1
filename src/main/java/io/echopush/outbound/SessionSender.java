package io.echopush.outbound;

import io.echopush.support.Closing;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only way anything is sent to one session: a bounded queue drained by one asynchronous send at a time.
 *
 * <p>Containers refuse (Tomcat: {@code IllegalStateException ... TEXT_FULL_WRITING}) or block on a second
 * send while one is in flight, so every sender of a session goes through here. The queue is bounded in
 * messages and bytes; the message being written stays at its head and counts until it has been written.
 *
 * <p>Slow-consumer policy of {@link #sendInOrder}: the caller waits while the queue is full. The caller is
 * the session's own reading thread (an echo), so a client that sends faster than it reads is slowed down by
 * TCP flow control and nothing is dropped. A client that leaves the queue full for the send timeout, or
 * whose single send does not finish within it, is closed with 1008. A failed send closes only its session.
 */
public final class SessionSender {

    private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final OutboundLimits limits;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private final ArrayDeque<OutboundMessage> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private boolean closed;

    public SessionSender(Session session, OutboundLimits limits) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.limits = limits;
        remote.setSendTimeout(limits.sendTimeoutMillis());
    }

    /**
     * Queues {@code message} behind those already queued, waiting up to the send timeout for room.
     *
     * @return false if the message was not queued: the session is closing, or was just closed as too slow
     */
    public boolean sendInOrder(OutboundMessage message) {
        boolean startSending = false;
        boolean tooSlow = false;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(limits.sendTimeoutMillis());
            while (!closed && isFullFor(message)) {
                if (nanos <= 0) {
                    tooSlow = true;
                    discardAll();
                    break;
                }
                nanos = roomFreed.awaitNanos(nanos);
            }
            if (closed) {
                return false;
            }
            queue.addLast(message);
            queuedBytes += message.bytes();
            if (!sending) {
                sending = true;
                startSending = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
            // Never close (a blocking send of a close frame) while holding the lock.
            if (tooSlow) {
                LOG.info(() -> "Session " + session.getId() + ": outbound queue full for "
                        + limits.sendTimeoutMillis() + " ms, closing it (1008)");
                Closing.close(session, CloseCodes.VIOLATED_POLICY, "Client too slow: outbound queue full");
            }
        }
        if (startSending) {
            drain();
        }
        return true;
    }

    /** Drops what is queued and refuses further messages; the session itself is closed by its owner. */
    public void close() {
        lock.lock();
        try {
            discardAll();
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting or being written. */
    public int depth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean isFullFor(OutboundMessage message) {
        return queue.size() >= limits.maxMessages()
                || (!queue.isEmpty() && queuedBytes + message.bytes() > limits.maxBytes());
    }

    private void discardAll() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        roomFreed.signalAll();
    }

    /**
     * Sends the head of the queue, then the next, until the queue is empty. A send may complete on this very
     * thread before {@code sendAsync} returns, or later on another: whichever of the two happens second goes
     * on to the next message. So there is no recursion, and never a second send in flight.
     */
    private void drain() {
        while (true) {
            OutboundMessage next;
            lock.lock();
            try {
                next = closed ? null : queue.peekFirst();
                if (next == null) {
                    sending = false;
                    return;
                }
            } finally {
                lock.unlock();
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

    /** Accounts for a finished send; on failure closes the session. Answers whether to go on. */
    private boolean completed(OutboundMessage sent, SendResult result) {
        boolean alreadyClosed;
        lock.lock();
        try {
            if (queue.peekFirst() == sent) {
                queue.pollFirst();
                queuedBytes -= sent.bytes();
            }
            roomFreed.signalAll();
            if (result.isOK()) {
                return true;
            }
            alreadyClosed = closed;
            discardAll();
        } finally {
            lock.unlock();
        }
        if (alreadyClosed) {
            // Closed by its owner or as too slow: a send failing now is the consequence, not news.
            return false;
        }
        Throwable cause = result.getException();
        boolean timedOut = cause instanceof TimeoutException || cause instanceof SocketTimeoutException;
        LOG.log(Level.INFO, "Session {0}: send failed ({1}), closing it",
                new Object[] {session.getId(), cause == null ? "unknown" : cause.getClass().getSimpleName()});
        if (timedOut) {
            Closing.close(session, CloseCodes.VIOLATED_POLICY, "Client too slow: send timed out");
        } else {
            Closing.close(session, CloseCodes.UNEXPECTED_CONDITION, "Send failed");
        }
        return false;
    }
}
