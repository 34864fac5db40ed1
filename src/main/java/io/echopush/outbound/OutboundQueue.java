package io.echopush.outbound;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * What waits to be written to one session and what is dropped when it is full; it never touches the socket.
 * Not thread-safe: its {@link SessionSender}'s lock guards it.
 */
final class OutboundQueue {

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Queued> entries = new ArrayDeque<>();
    private long bytes;
    /** The message being written: the head, or a dropped notice (never queued); it is neither dropped nor replaced. */
    private OutboundMessage inFlight;
    private int droppedUnreported;

    OutboundQueue(OutboundLimits limits) {
        this.maxMessages = limits.maxMessages();
        this.maxBytes = limits.maxBytes();
    }

    /** The message being written stays at the head and counts until written, so a lone message always fits. */
    boolean isFullFor(OutboundMessage message) {
        return entries.size() >= maxMessages || (!entries.isEmpty() && bytes + message.bytes() > maxBytes);
    }

    /** Not even what is never dropped may be added (replies and counts may go over the byte bound, not this). */
    boolean atMessageBound() {
        return entries.size() >= maxMessages;
    }

    /** Adds {@code entry} at the tail; answers the depth. */
    int add(Queued entry) {
        entries.addLast(entry);
        bytes += entry.message().bytes();
        return entries.size();
    }

    /** Puts {@code latest} in the place of a waiting message of its key; false if there is none. */
    boolean replaceWaiting(Queued latest) {
        for (Queued entry : entries) {
            if (entry.sameKey(latest) && entry.message() != inFlight) {
                bytes += entry.replaceBy(latest);
                return true;
            }
        }
        return false;
    }

    /** Drops the oldest waiting published messages until {@code message} fits or none is left; answers how many. */
    int makeRoomFor(OutboundMessage message) {
        int dropped = 0;
        while (isFullFor(message) && dropOldestWaiting()) {
            dropped++;
        }
        return dropped;
    }

    /** Removes the oldest published message not being written, counting it for the dropped notice; false if none. */
    private boolean dropOldestWaiting() {
        for (Iterator<Queued> waiting = entries.iterator(); waiting.hasNext(); ) {
            Queued entry = waiting.next();
            if (entry.droppable() && entry.message() != inFlight) {
                waiting.remove();
                bytes -= entry.message().bytes();
                droppedUnreported++;
                return true;
            }
        }
        return false;
    }

    /** Counts a published message that found no room, for the dropped notice. */
    void refused() {
        droppedUnreported++;
    }

    /** Marks the next message in flight: a pending dropped notice first, where the gap is; then the head. */
    OutboundMessage takeNext(IntFunction<OutboundMessage> droppedNotice) {
        inFlight = next(droppedNotice);
        return inFlight;
    }

    private OutboundMessage next(IntFunction<OutboundMessage> droppedNotice) {
        if (droppedUnreported > 0 && droppedNotice != null) {
            OutboundMessage notice = droppedNotice.apply(droppedUnreported);
            droppedUnreported = 0;
            return notice;
        }
        Queued head = entries.peekFirst();
        return head == null ? null : head.message();
    }

    /** The write of {@code sent} is over (done or failed): it leaves the queue if it was the head. */
    void written(OutboundMessage sent) {
        if (inFlight == sent) {
            inFlight = null;
        }
        if (!entries.isEmpty() && entries.peekFirst().message() == sent) {
            entries.pollFirst();
            bytes -= sent.bytes();
        }
    }

    /** Forgets what waits and what is being written; a pending dropped count stays (nothing is sent after this). */
    void clear() {
        entries.clear();
        bytes = 0;
        inFlight = null;
    }

    /** Messages waiting or being written (a dropped notice is not counted). */
    int depth() {
        return entries.size();
    }

    /** Nothing waits and nothing is being written (a dropped notice aside). */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes waiting or being written. */
    long bytes() {
        return bytes;
    }
}
