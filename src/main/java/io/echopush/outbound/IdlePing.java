package io.echopush.outbound;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pings an idle session as its one send in flight (a busy session is not idle). {@code sendPing} blocks, so it
 * runs on the closer; a ping that fails closes the session like any failed send.
 */
final class IdlePing {

    private final Peer peer;
    private final ReentrantLock lock;
    private final OutboundQueue queue;
    private final ChainState state;
    private final SendChain chain;
    private final SessionCloser closes;

    IdlePing(Peer peer, ReentrantLock lock, OutboundQueue queue, ChainState state,
            SendChain chain, SessionCloser closes) {
        this.peer = peer;
        this.lock = lock;
        this.queue = queue;
        this.state = state;
        this.chain = chain;
        this.closes = closes;
    }

    /** Answers whether a ping was started. */
    boolean pingIfIdle(byte[] payload) {
        lock.lock();
        try {
            if (!state.claimForPing(queue.isEmpty())) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        closes.runBlocking(() -> send(payload));
        return true;
    }

    /** On the closer: the ping, then whatever was queued while it was being written. */
    private void send(byte[] payload) {
        try {
            peer.ping(payload);
        } catch (IOException | RuntimeException e) {
            boolean wasClosed;
            lock.lock();
            try {
                wasClosed = state.closed();
                chain.discard();
            } finally {
                lock.unlock();
            }
            closes.failed(e, wasClosed);
            return;
        }
        boolean resume;
        lock.lock();
        try {
            resume = state.resumeAfterPing(queue.isEmpty());
        } finally {
            lock.unlock();
        }
        if (resume) {
            chain.startLater();
        }
    }
}
