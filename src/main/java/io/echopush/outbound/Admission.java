package io.echopush.outbound;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether a message joins the queue, under the sender's lock: echo closes a client that falls behind, push drops
 * its oldest published messages (docs/decisions.md D20). Neither ever waits.
 */
final class Admission {

    /** {@code ACCEPTED}: queued, or dropped as push drops; {@code START}: queued, and the chain must start. */
    enum Outcome { REFUSED, ACCEPTED, START }

    private final ReentrantLock lock;
    private final OutboundQueue queue;
    private final ChainState state;
    private final SendChain chain;
    private final SessionCloser closes;
    private final OutboundLimits limits;
    private final OutboundObserver observer;

    Admission(ReentrantLock lock, OutboundQueue queue, ChainState state, SendChain chain, SessionCloser closes,
            OutboundLimits limits, OutboundObserver observer) {
        this.lock = lock;
        this.queue = queue;
        this.state = state;
        this.chain = chain;
        this.closes = closes;
        this.limits = limits;
        this.observer = observer;
    }

    /** Echo: a message that does not fit closes the session with 1008, on the caller's thread. */
    Outcome sendOrClose(OutboundMessage message) {
        lock.lock();
        try {
            if (state.refusing()) {
                return Outcome.REFUSED;
            }
            if (!queue.isFullFor(message)) {
                return enqueue(Queued.published(message));
            }
            chain.discard();
        } finally {
            lock.unlock();
        }
        closes.overflowNow(limits);
        return Outcome.REFUSED;
    }

    /**
     * Push: the oldest waiting published messages make room, or the message itself is dropped if it is published
     * and only what may not be dropped is left. A client that stays full past the send timeout, or leaves that
     * many replies and counts unread, is closed with 1008.
     */
    Outcome offer(Queued entry) {
        OutboundMessage message = entry.message();
        Outcome outcome;
        int dropped;
        lock.lock();
        try {
            if (state.refusing()) {
                return Outcome.REFUSED;
            }
            if (entry.isLatest() && queue.replaceWaiting(entry)) {
                return Outcome.ACCEPTED;
            }
            if (queue.isFullFor(message) && state.stalled()) {
                tooSlow("no progress for " + limits.sendTimeoutMillis() + " ms with its outbound queue full");
                return Outcome.REFUSED;
            }
            dropped = queue.makeRoomFor(message);
            if (!entry.droppable() && queue.atMessageBound()) {
                tooSlow(limits.maxMessages() + " replies and counts unread");
                return Outcome.REFUSED;
            }
            if (queue.isFullFor(message) && entry.droppable()) {
                dropped++;
                queue.refused();
                outcome = Outcome.ACCEPTED;
            } else {
                outcome = enqueue(entry);
            }
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            observer.dropped(dropped);
        }
        return outcome;
    }

    private Outcome enqueue(Queued entry) {
        observer.queueDepth(queue.add(entry));
        return state.claim() ? Outcome.START : Outcome.ACCEPTED;
    }

    private void tooSlow(String why) {
        chain.discard();
        closes.tooSlow(why);
    }
}
