package io.echopush.outbound;

import io.echopush.outbound.Admission.Outcome;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.Session;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The only way anything is sent to one session, since containers refuse or block on a second send in flight:
 * {@link Admission} decides what joins the bounded {@link OutboundQueue}, and one {@link SendChain} writes it.
 */
public final class SessionSender {

    /** Guards the queue and the chain's state, which are not thread-safe. */
    private final ReentrantLock lock = new ReentrantLock();
    private final OutboundQueue queue;
    private final SendChain chain;
    private final Admission admission;
    private final IdlePing ping;

    /**
     * @param executor starts the send chain for {@link #offer}; it must never block
     * @param closer runs the blocking calls (closes, pings), which must not hold up other sessions' sends
     * @param droppedNotice the message telling a client how many of its messages were dropped
     */
    public SessionSender(Peer peer, OutboundLimits limits, Executor executor, Executor closer,
            OutboundObserver observer, IntFunction<OutboundMessage> droppedNotice) {
        this(peer, limits, executor, closer, observer, droppedNotice, System::nanoTime);
    }

    /** One executor for sends and closes (tests). */
    SessionSender(Session session, OutboundLimits limits, Executor executor, OutboundObserver observer,
            IntFunction<OutboundMessage> droppedNotice) {
        this(new WebSocketPeer(session), limits, executor, executor, observer, droppedNotice, System::nanoTime);
    }

    SessionSender(Session session, OutboundLimits limits, Executor executor, Executor closer,
            OutboundObserver observer, IntFunction<OutboundMessage> droppedNotice, LongSupplier nanoTime) {
        this(new WebSocketPeer(session), limits, executor, closer, observer, droppedNotice, nanoTime);
    }

    private SessionSender(Peer peer, OutboundLimits limits, Executor executor, Executor closer,
            OutboundObserver observer, IntFunction<OutboundMessage> droppedNotice, LongSupplier nanoTime) {
        ChainState state = new ChainState(limits.sendTimeoutMillis(), nanoTime);
        SessionCloser closes = new SessionCloser(peer, closer, observer, limits.sendTimeoutMillis());
        this.queue = new OutboundQueue(limits);
        this.chain = new SendChain(peer, lock, queue, state, closes, executor, observer, droppedNotice);
        this.admission = new Admission(lock, queue, state, chain, closes, limits, observer);
        this.ping = new IdlePing(peer, lock, queue, state, chain, closes);
        peer.sendTimeout(limits.sendTimeoutMillis());
    }

    /**
     * Echo: queues {@code message} and writes on the caller's thread; a client that leaves more unread than the
     * limits allow is closed with 1008 instead (on the caller's thread, its reader: Tomcat stops reading it).
     *
     * @return false if the message was not queued: the session is closing, or was just closed for it
     */
    public boolean sendOrClose(OutboundMessage message) {
        Outcome outcome = admission.sendOrClose(message);
        if (outcome == Outcome.START) {
            chain.drain();
        }
        return outcome != Outcome.REFUSED;
    }

    /**
     * Push: queues {@code message}, and if full drops the oldest waiting published messages (the client hears how
     * many). Writing starts on the executor, never on the caller's thread.
     *
     * @return false if the session is closing (or was just closed as too slow) and the message was not queued
     */
    public boolean offer(OutboundMessage message) {
        return offer(Queued.published(message), null);
    }

    /** As {@link #offer(OutboundMessage)}; a send chain to start is added to {@code starts} (null: started now). */
    public boolean offer(OutboundMessage message, SendStarts starts) {
        return offer(Queued.published(message), starts);
    }

    /** As {@link #offer(OutboundMessage)}, for the answer to the client's own request: it is never dropped. */
    public boolean reply(OutboundMessage message) {
        return offer(Queued.reply(message), null);
    }

    /** For the latest state of {@code key} (a topic's count): it replaces a waiting one and is never dropped. */
    public boolean offerLatest(String key, OutboundMessage message, SendStarts starts) {
        return offer(Queued.latest(key, message), starts);
    }

    private boolean offer(Queued entry, SendStarts starts) {
        Outcome outcome = admission.offer(entry);
        if (outcome == Outcome.START) {
            if (starts == null) {
                chain.startLater();
            } else {
                starts.add(this);
            }
        }
        return outcome != Outcome.REFUSED;
    }

    /** For {@link SendStarts}: begins writing what {@link #offer(OutboundMessage, SendStarts)} queued. */
    void startSending() {
        chain.drain();
    }

    /** Closes the session once what is queued has been written (say, the error that explains the close). */
    public void closeAfterQueued(CloseCode code, String reason) {
        chain.closeAfterQueued(code, reason);
    }

    /** Pings an idle session (nothing queued or being written); answers whether a ping was started. */
    public boolean pingIfIdle(byte[] payload) {
        return ping.pingIfIdle(payload);
    }

    /** Drops what is queued and refuses further messages; the session itself is closed by its owner. */
    public void close() {
        lock.lock();
        try {
            chain.discard();
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting or being written. */
    public int depth() {
        lock.lock();
        try {
            return queue.depth();
        } finally {
            lock.unlock();
        }
    }
}
