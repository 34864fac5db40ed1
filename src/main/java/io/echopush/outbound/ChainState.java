package io.echopush.outbound;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When one session's send chain runs, stops and closes: one send (or ping) in flight at most. Not thread-safe:
 * the sender's lock guards it, as it guards the queue.
 */
final class ChainState {

    private final LongSupplier nanoTime;
    private final long sendTimeoutNanos;
    private boolean sending;
    private boolean closed;
    /** Set by a close after what is queued: nothing more is taken, and the chain closes when it runs dry. */
    private CloseReason closeAfter;
    private long lastProgressNanos;

    ChainState(long sendTimeoutMillis, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
        this.lastProgressNanos = nanoTime.getAsLong();
    }

    boolean closed() {
        return closed;
    }

    /** Closed, or closing once what is queued has been written. */
    boolean refusing() {
        return closed || closeAfter != null;
    }

    /** A message was queued: true if the chain was idle, and the caller must start it. */
    boolean claim() {
        if (sending) {
            return false;
        }
        sending = true;
        lastProgressNanos = nanoTime.getAsLong();
        return true;
    }

    /** Nothing is in flight and nothing waits: true if a ping may be the one send in flight (it then is). */
    boolean claimForPing(boolean queueEmpty) {
        if (refusing() || sending || !queueEmpty) {
            return false;
        }
        sending = true;
        return true;
    }

    /** The ping is over: true if the chain must go on, with what was queued meanwhile or the close owed. */
    boolean resumeAfterPing(boolean queueEmpty) {
        sending = !closed && (!queueEmpty || closeAfter != null);
        return sending;
    }

    /** Closes once what is queued has been written: true if the chain was idle, and the caller must start it. */
    boolean closeAfter(CloseCode code, String reason) {
        if (refusing()) {
            return false;
        }
        closeAfter = new CloseReason(code, reason);
        if (sending) {
            return false;
        }
        sending = true;
        return true;
    }

    /** The chain has nothing left to write and stops: answers the close it owes, if any. */
    CloseReason ranDry() {
        sending = false;
        return closeAfter != null && !closed ? closeAfter : null;
    }

    /** A send finished: the client reads. */
    void progress() {
        lastProgressNanos = nanoTime.getAsLong();
    }

    /** No send has finished, nor has the chain started, within the send timeout. */
    boolean stalled() {
        return nanoTime.getAsLong() - lastProgressNanos > sendTimeoutNanos;
    }

    void close() {
        closed = true;
    }
}
