package io.echopush.topic;

import io.echopush.bus.Position;
import io.echopush.outbound.OutboundMessage;
import io.echopush.protocol.Since;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One topic's position (an epoch naming this unbroken history, and the top seq) and its newest messages, kept as
 * sent so that a replay is the same bytes. Guarded by its topic's lock.
 */
final class History {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A message as it was sent, with its position. */
    record Kept(long seq, OutboundMessage.Text message) {
    }

    private final HistoryLimits limits;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private String epoch = newEpoch();
    private boolean shared;
    private Position leftBroker; // where the broker's epoch stood when this node went on alone
    private long top;
    private long lastActivityNanos;

    History(HistoryLimits limits, long nowNanos) {
        this.limits = limits;
        this.lastActivityNanos = nowNanos;
    }

    String epoch() {
        return epoch;
    }

    long top() {
        return top;
    }

    /** Whether the epoch is the broker's (every node numbers alike), not this node's own. */
    boolean shared() {
        return shared;
    }

    /** Where the broker's epoch stood when this node last went on under an epoch of its own; null if it never did. */
    Position leftBroker() {
        return leftBroker;
    }

    /** Starts over at {@code top} of {@code epoch} (the broker's if {@code shared}), forgetting what was kept. */
    void restart(String epoch, long top, boolean shared) {
        if (this.shared && !shared) {
            leftBroker = new Position(this.epoch, this.top);
        }
        clear();
        this.epoch = epoch;
        this.top = top;
        this.shared = shared;
    }

    /** The broker's message at {@code seq} (above the top) is now the top; a jump is a gap subscribers can see. */
    void advance(long seq, long nowNanos) {
        lastActivityNanos = nowNanos;
        top = seq;
    }

    /** The next position; the message at it is then {@link #keep kept} or not (the clock's ticks are not). */
    long next(long nowNanos) {
        lastActivityNanos = nowNanos;
        return ++top;
    }

    void keep(long seq, OutboundMessage.Text message) {
        if (limits.size() == 0) {
            return;
        }
        kept.addLast(new Kept(seq, message));
        limits.take(message.bytes());
        while (!kept.isEmpty() && (kept.size() > limits.size() || limits.overBudget())) {
            dropOldest();
        }
    }

    /**
     * The messages after {@code since} (at most {@code limit}, oldest first), or null if this history cannot tell:
     * another epoch, a position ahead of the top, or older than what is kept. At the top: none, recovered.
     */
    List<Kept> after(Since since, int limit) {
        if (!epoch.equals(since.epoch()) || since.seq() > top) {
            return null;
        }
        long oldest = kept.isEmpty() ? top + 1 : kept.peekFirst().seq();
        if (since.seq() + 1 < oldest) {
            return null;
        }
        List<Kept> after = new ArrayList<>();
        for (Kept message : kept) {
            if (message.seq() > since.seq() && after.size() < limit) {
                after.add(message);
            }
        }
        return after;
    }

    boolean keepsNothing() {
        return kept.isEmpty();
    }

    /** The newest {@code limit} messages kept, oldest first. */
    List<Kept> newest(int limit) {
        List<Kept> all = new ArrayList<>(kept);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    /** Forgets what was kept if the last publish is older than the ttl; answers whether it expired. */
    boolean expire(long nowNanos) {
        if (nowNanos - lastActivityNanos < limits.ttlNanos()) {
            return false;
        }
        clear();
        return true;
    }

    /** Gives back what is kept (the topic is gone). */
    void clear() {
        while (!kept.isEmpty()) {
            dropOldest();
        }
    }

    private void dropOldest() {
        Kept oldest = kept.pollFirst();
        limits.give(oldest.message().bytes());
    }

    static String newEpoch() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
