package io.echopush.outbound;

import io.echopush.support.Closing;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only way anything is sent to one session: a bounded queue drained by one asynchronous send at a time.
 *
 * <p>Containers refuse (Tomcat: {@code IllegalStateException ... TEXT_FULL_WRITING}) or block on a second
 * send while one is in flight, so every sender of a session goes through here. The queue is bounded in
 * messages and bytes; the message being written stays at its head and counts until it has been written.
 *
 * <p>Two slow-consumer policies, one per kind of caller:
 * <ul>
 * <li>{@link #sendOrClose} (echo): the caller never waits and nothing is dropped; a client that leaves more
 * unread than the queue holds is closed with 1008. Waiting would slow the client down only where the container
 * stops reading while a handler runs (Tomcat); Undertow goes on reading and buffering (docs/decisions.md D20).</li>
 * <li>{@link #offer} (push): the caller never waits and never touches the socket (writing starts on the
 * executor). When the queue is full the oldest waiting published messages are dropped, and before the next
 * message the client gets the notice made by {@code droppedNotice} saying how many. {@link #reply} (the answer
 * to the client's own request) and {@link #offerLatest} (a topic's subscriber count, which replaces a waiting
 * older one) are never dropped: published messages make room for them; a client that leaves the queue full of
 * those alone is closed with 1008, as echo's is.</li>
 * </ul>
 * Either way, a client whose single send does not finish within the send timeout is closed with 1008, and
 * so is a push client that leaves its queue full that long. A failed send closes only its session.
 */
public final class SessionSender {

    private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final OutboundLimits limits;
    private final Executor executor;
    private final Executor closer;
    private final OutboundObserver observer;
    private final IntFunction<OutboundMessage> droppedNotice;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** The message being written: the queue's head, or a dropped notice (never queued). */
    private OutboundMessage inFlight;
    private boolean sending;
    private boolean closed;
    /** Set by {@link #closeAfterQueued}: no more messages are taken, and the chain closes when it runs dry. */
    private CloseReason closeAfter;
    private final LongSupplier nanoTime;
    private int droppedUnreported;
    private long lastProgressNanos;

    /**
     * @param executor starts the send chain for {@link #offer}; it must never block
     * @param closer runs the closes this sender decides on: closing a stuck client blocks (the close frame is a
     *     blocking send), so that must not happen where it would hold up other sessions' sends
     * @param droppedNotice the message telling a client how many of its messages were dropped
     */
    public SessionSender(Session session, OutboundLimits limits, Executor executor, Executor closer,
            OutboundObserver observer, IntFunction<OutboundMessage> droppedNotice) {
        this(session, limits, executor, closer, observer, droppedNotice, System::nanoTime);
    }

    /** One executor for sends and closes (tests). */
    SessionSender(Session session, OutboundLimits limits, Executor executor, OutboundObserver observer,
            IntFunction<OutboundMessage> droppedNotice) {
        this(session, limits, executor, executor, observer, droppedNotice, System::nanoTime);
    }

    SessionSender(Session session, OutboundLimits limits, Executor executor, Executor closer,
            OutboundObserver observer, IntFunction<OutboundMessage> droppedNotice, LongSupplier nanoTime) {
        this.closer = closer;
        this.nanoTime = nanoTime;
        this.lastProgressNanos = nanoTime.getAsLong();
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.limits = limits;
        this.executor = executor;
        this.observer = observer;
        this.droppedNotice = droppedNotice;
        remote.setSendTimeout(limits.sendTimeoutMillis());
    }

    /**
     * Queues {@code message} behind those already queued, without waiting. If it does not fit, the client has
     * left more unread than the limits allow: the session is closed with 1008 on the caller's thread. The caller
     * is the session's own reader, so a container that reads only between handler calls (Tomcat) reads nothing
     * more from that client while the close frame waits to be written.
     *
     * @return false if the message was not queued: the session is closing, or was just closed for it
     */
    public boolean sendOrClose(OutboundMessage message) {
        boolean startSending = false;
        boolean overflow = false;
        lock.lock();
        try {
            if (closed || closeAfter != null) {
                return false;
            }
            if (isFullFor(message)) {
                discardAll();
                overflow = true;
            } else {
                startSending = enqueue(new Queued(message, Kind.PUBLISHED, null));
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            LOG.info(() -> "Session " + session.getId() + ": more than " + limits.maxBytes() + " bytes or "
                    + limits.maxMessages() + " messages unread, closing it (1008)");
            Closing.close(session, CloseCodes.VIOLATED_POLICY, "Client does not read what it asked for");
            return false;
        }
        if (startSending) {
            drain();
        }
        return true;
    }

    /**
     * Queues {@code message} without waiting: if the queue is full, the oldest messages not yet being written
     * make room (the client hears how many). Writing starts on the executor, never on the caller's thread.
     *
     * @return false if the session is closing (or was just closed as too slow) and the message was not queued
     */
    public boolean offer(OutboundMessage message) {
        return offer(message, null);
    }

    /**
     * As {@link #offer(OutboundMessage)}, for one message among many sessions: if this session's writing must
     * start, it is added to {@code starts} (null: handed to the executor at once), which the caller starts.
     */
    public boolean offer(OutboundMessage message, SendStarts starts) {
        return offer(new Queued(message, Kind.PUBLISHED, null), starts);
    }

    /**
     * As {@link #offer(OutboundMessage)}, for the answer to the client's own request: it is never dropped. Waiting
     * published messages make room for it (the client hears how many); it may go over the byte bound, never over
     * the message bound: a client that leaves that many replies unread is closed with 1008.
     */
    public boolean reply(OutboundMessage message) {
        return offer(new Queued(message, Kind.REPLY, null), null);
    }

    /**
     * As {@link #offer(OutboundMessage, SendStarts)}, for the latest state of {@code key} (a topic's subscriber
     * count): it replaces a waiting message of the same key, where that one waits, and is never dropped, so a
     * client's last count is never stale and its dropped notices count published messages only. It is bounded
     * as a reply is; there is at most one per key.
     */
    public boolean offerLatest(String key, OutboundMessage message, SendStarts starts) {
        return offer(new Queued(message, Kind.LATEST, key), starts);
    }

    private boolean offer(Queued entry, SendStarts starts) {
        OutboundMessage message = entry.message;
        boolean startSending;
        int dropped = 0;
        lock.lock();
        try {
            if (closed || closeAfter != null) {
                return false;
            }
            if (entry.kind == Kind.LATEST && replacedWaiting(entry)) {
                return true;
            }
            if (isFullFor(message) && nanoTime.getAsLong() - lastProgressNanos
                    > TimeUnit.MILLISECONDS.toNanos(limits.sendTimeoutMillis())) {
                tooSlow("no progress for " + limits.sendTimeoutMillis() + " ms with its outbound queue full");
                return false;
            }
            while (isFullFor(message) && dropOldestWaiting()) {
                dropped++;
            }
            if (!entry.droppable() && queue.size() >= limits.maxMessages()) {
                tooSlow(limits.maxMessages() + " replies and counts unread");
                return false;
            }
            if (isFullFor(message) && entry.droppable()) {
                // Only what may not be dropped is left (the message being written, replies, counts): no room.
                dropped++;
                droppedUnreported++;
                startSending = false;
            } else {
                startSending = enqueue(entry);
            }
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            observer.dropped(dropped);
        }
        if (startSending) {
            if (starts == null) {
                executor.execute(this::drain);
            } else {
                starts.add(this);
            }
        }
        return true;
    }

    /** For {@link SendStarts}: begins writing what {@link #offer(OutboundMessage, SendStarts)} queued. */
    void startSending() {
        drain();
    }

    /**
     * Closes the session once everything already queued has been written, so that a last message (say, the
     * error that explains the close) reaches the client first. Later messages are refused.
     */
    public void closeAfterQueued(CloseCode code, String reason) {
        boolean startSending;
        lock.lock();
        try {
            if (closed || closeAfter != null) {
                return;
            }
            closeAfter = new CloseReason(code, reason);
            startSending = !sending;
            sending = true;
        } finally {
            lock.unlock();
        }
        if (startSending) {
            executor.execute(this::drain);
        }
    }

    /**
     * Pings an idle session: only when nothing is queued or being written (a busy session is not idle), and as
     * this session's one send in flight. {@code sendPing} is a blocking call, so it runs on the closer, never on
     * the executor that starts everyone's sends; a ping that fails closes the session like any failed send.
     *
     * @return whether a ping was started
     */
    public boolean pingIfIdle(byte[] payload) {
        lock.lock();
        try {
            if (closed || closeAfter != null || sending || !queue.isEmpty()) {
                return false;
            }
            sending = true;
        } finally {
            lock.unlock();
        }
        closer.execute(() -> sendPing(payload));
        return true;
    }

    /** On the closer: the ping, then whatever was queued while it was being written. */
    private void sendPing(byte[] payload) {
        try {
            remote.sendPing(ByteBuffer.wrap(payload));
        } catch (IOException | RuntimeException e) {
            boolean wasClosed;
            lock.lock();
            try {
                wasClosed = closed;
                discardAll();
            } finally {
                lock.unlock();
            }
            failed(e, wasClosed);
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

    /** Under the lock: puts {@code latest} in the place of a waiting message of its key; false if there is none. */
    private boolean replacedWaiting(Queued latest) {
        for (Queued entry : queue) {
            if (entry.kind == Kind.LATEST && entry.key.equals(latest.key) && entry.message != inFlight) {
                queuedBytes += latest.message.bytes() - entry.message.bytes();
                entry.message = latest.message;
                return true;
            }
        }
        return false;
    }

    /** Under the lock: adds {@code entry}; answers whether the caller must start the send chain. */
    private boolean enqueue(Queued entry) {
        queue.addLast(entry);
        queuedBytes += entry.message.bytes();
        int depth = queue.size();
        observer.queueDepth(depth);
        if (sending) {
            return false;
        }
        sending = true;
        lastProgressNanos = nanoTime.getAsLong();
        return true;
    }

    private boolean isFullFor(OutboundMessage message) {
        return queue.size() >= limits.maxMessages()
                || (!queue.isEmpty() && queuedBytes + message.bytes() > limits.maxBytes());
    }

    /** Under the lock: removes the oldest published message not being written; false if none. */
    private boolean dropOldestWaiting() {
        for (Iterator<Queued> waiting = queue.iterator(); waiting.hasNext(); ) {
            Queued entry = waiting.next();
            if (entry.droppable() && entry.message != inFlight) {
                waiting.remove();
                queuedBytes -= entry.message.bytes();
                droppedUnreported++;
                return true;
            }
        }
        return false;
    }

    /** Under the lock: closes the session with 1008, on the closer (a close is a blocking send). */
    private void tooSlow(String why) {
        discardAll();
        LOG.info(() -> "Session " + session.getId() + ": " + why + ", closing it (1008)");
        closeLater(CloseCodes.VIOLATED_POLICY, "Client too slow");
    }

    private void closeLater(CloseCode code, String reason) {
        closer.execute(() -> Closing.close(session, code, reason));
    }

    private void discardAll() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        inFlight = null;
    }

    /**
     * Sends the head of the queue, then the next, until the queue is empty. A send may complete on this very
     * thread before {@code sendAsync} returns, or later on another: whichever of the two happens second goes
     * on to the next message. So there is no recursion, and never a second send in flight.
     */
    private void drain() {
        // Sends run with the platform class loader as context, also on a container's thread (echo sends inline):
        // Tyrus (Payara, GlassFish) schedules the session's idle timer on every send through the container's
        // managed executor, whose context capture searched the whole server class path through the
        // application's loader — most of Payara's CPU per echoed message (docs/benchmarks.md).
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM);
        try {
            sendWhatIsQueued();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    private enum Kind {
        /** Published to a topic: the oldest waiting are dropped to make room. */
        PUBLISHED,
        /** The answer to the client's own request: never dropped. */
        REPLY,
        /** The latest state of a key: never dropped, replaced by a newer one while it waits. */
        LATEST
    }

    /** A queued message; only a LATEST one's message changes, and only while it waits. */
    private static final class Queued {
        private OutboundMessage message;
        private final Kind kind;
        private final String key;

        Queued(OutboundMessage message, Kind kind, String key) {
            this.message = message;
            this.kind = kind;
            this.key = key;
        }

        boolean droppable() {
            return kind == Kind.PUBLISHED;
        }
    }

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private void sendWhatIsQueued() {
        while (true) {
            OutboundMessage next;
            CloseReason closeNow = null;
            lock.lock();
            try {
                next = nextToSend();
                inFlight = next;
                if (next == null) {
                    sending = false;
                    if (closeAfter != null && !closed) {
                        closeNow = closeAfter;
                        discardAll();
                    }
                }
            } finally {
                lock.unlock();
            }
            if (next == null) {
                if (closeNow != null) {
                    Closing.close(session, closeNow.getCloseCode(), closeNow.getReasonPhrase());
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

    /** Under the lock: a pending dropped notice goes first, where the gap is; then the queue's head. */
    private OutboundMessage nextToSend() {
        if (closed) {
            return null;
        }
        if (droppedUnreported > 0 && droppedNotice != null) {
            OutboundMessage notice = droppedNotice.apply(droppedUnreported);
            droppedUnreported = 0;
            return notice;
        }
        Queued head = queue.peekFirst();
        return head == null ? null : head.message;
    }

    /** Accounts for a finished send; on failure closes the session. Answers whether to go on. */
    private boolean completed(OutboundMessage sent, SendResult result) {
        boolean wasClosed;
        lock.lock();
        try {
            wasClosed = closed;
            if (inFlight == sent) {
                inFlight = null;
            }
            if (!queue.isEmpty() && queue.peekFirst().message == sent) {
                queue.pollFirst();
                queuedBytes -= sent.bytes();
            }
            if (result.isOK()) {
                lastProgressNanos = nanoTime.getAsLong();
            } else {
                discardAll();
            }
        } finally {
            lock.unlock();
        }
        if (result.isOK()) {
            observer.sent();
            return true;
        }
        return failed(result.getException(), wasClosed);
    }

    private boolean failed(Throwable cause, boolean alreadyClosed) {
        if (alreadyClosed || cause instanceof EOFException || !session.isOpen()) {
            // Closed by its owner or as too slow; or by the container, which fails the send in flight (with EOF on
            // Tomcat) as it closes for the client's protocol error: the consequence, not news; its close code stands.
            return false;
        }
        observer.sendFailed();
        boolean timedOut = cause instanceof TimeoutException || cause instanceof SocketTimeoutException;
        LOG.log(Level.INFO, "Session {0}: send failed ({1}), closing it",
                new Object[] {session.getId(), cause == null ? "unknown" : cause.getClass().getSimpleName()});
        if (timedOut) {
            closeLater(CloseCodes.VIOLATED_POLICY, "Client too slow: send timed out");
        } else {
            closeLater(CloseCodes.UNEXPECTED_CONDITION, "Send failed");
        }
        return false;
    }
}
