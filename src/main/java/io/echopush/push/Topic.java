package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.SendStarts;
import io.echopush.session.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One topic: its subscribers and its {@link History} (position and kept messages). Everything happens under the
 * topic's lock, so a message gets its position and reaches every sender's queue in one order, and a subscriber's
 * {@code subscribed} (and replay) comes before the first live message to it. Under the lock we only enqueue:
 * offering never waits or touches a socket. A topic outlives its last subscriber while its history is kept.
 */
final class Topic {

    private static final Logger LOG = Logger.getLogger(Topic.class.getName());

    private final String name;
    private final History history;
    private final boolean keepsHistory;
    private final Set<Connection> subscribers = new LinkedHashSet<>();
    private boolean removed;
    private boolean presenceChanged;

    Topic(String name, HistoryLimits limits, long nowNanos) {
        this.name = name;
        this.history = new History(limits, nowNanos);
        this.keepsHistory = limits.size() > 0;
    }

    /**
     * Adds {@code subscriber} and replies {@code subscribed} with the position; with {@code since}, then the messages
     * after it if they are all kept ({@code recovered}). Answers the subscriber count; -1 if this topic is gone.
     */
    synchronized int join(Connection subscriber, Since since, JsonNode id) {
        if (removed) {
            return -1;
        }
        if (subscribers.add(subscriber)) {
            presenceChanged = true;
        }
        List<History.Kept> missed = since == null ? null : history.after(since, Integer.MAX_VALUE);
        subscriber.sender().reply(PushCodec.outbound(new ServerMessage.Subscribed(name, subscribers.size(),
                history.epoch(), history.top(), since == null ? null : missed != null, id)));
        if (missed != null) {
            missed.forEach(message -> subscriber.sender().offer(message.message()));
        }
        return subscribers.size();
    }

    /** Removes {@code subscriber} (replying with the request's {@code id} if asked); answers whether the topic is gone. */
    synchronized boolean leave(Connection subscriber, boolean reply, JsonNode id) {
        if (subscribers.remove(subscriber)) {
            presenceChanged = true;
        }
        if (reply) {
            subscriber.sender().reply(PushCodec.outbound(new ServerMessage.Unsubscribed(name, id)));
        }
        if (subscribers.isEmpty() && (!keepsHistory || history.keepsNothing())) {
            removed = true; // nothing to come back to: a new subscriber starts a new epoch
        }
        return removed;
    }

    /**
     * Gives {@code data} (from user {@code from}, or null) the next position, encodes it once, keeps it if asked, and
     * offers it to every subscriber, whose writing the caller then begins with {@code starts}; answers how many.
     * Answers -1 if this topic is gone.
     */
    synchronized int publish(JsonNode data, String from, boolean keep, Clock clock, long nowNanos, SendStarts starts) {
        if (removed) {
            return -1;
        }
        long seq = history.next(nowNanos);
        String time = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
        OutboundMessage.Text message = PushCodec.outbound(
                new ServerMessage.Message(name, data, history.epoch(), seq, time, from));
        if (keep) {
            history.keep(seq, message);
        }
        subscribers.forEach(subscriber -> offer(subscriber, message, false, starts));
        return subscribers.size();
    }

    /** What a history request gets: the kept messages after {@code since} (or the newest), and the position. */
    synchronized ServerMessage.History read(Since since, int limit, int maxBytes, JsonNode id) {
        List<History.Kept> kept = since == null ? history.newest(limit) : history.after(since, limit);
        return HistoryReplies.of(name, history.epoch(), history.top(), kept, maxBytes, id);
    }

    /** Forgets a topic nobody is subscribed to, to make room for another (the cap of topics); answers whether it did. */
    synchronized boolean evictIfIdle() {
        if (!subscribers.isEmpty() || removed) {
            return false;
        }
        removed = true;
        history.clear();
        return true;
    }

    /** If the history expired with nobody subscribed, the topic is gone; answers whether it is. */
    synchronized boolean expire(long nowNanos) {
        if (!history.expire(nowNanos) || !subscribers.isEmpty()) {
            return removed;
        }
        removed = true;
        return true;
    }

    /** If the subscriber count changed since last time, tells every subscriber the new count (as {@link #publish}). */
    synchronized void announcePresence(SendStarts starts) {
        if (!presenceChanged || subscribers.isEmpty()) {
            return;
        }
        presenceChanged = false;
        OutboundMessage presence = PushCodec.outbound(new ServerMessage.Presence(name, subscribers.size()));
        // the latest count replaces one still waiting, and is never dropped: a slow client's count is never stale
        subscribers.forEach(subscriber -> offer(subscriber, presence, true, starts));
    }

    synchronized int size() {
        return subscribers.size();
    }

    String name() {
        return name;
    }

    /** One subscriber's failure is that subscriber's alone: the loop goes on. */
    private void offer(Connection subscriber, OutboundMessage message, boolean presence, SendStarts starts) {
        try {
            if (presence) {
                subscriber.sender().offerLatest(name, message, starts);
            } else {
                subscriber.sender().offer(message, starts);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Session " + subscriber.session().getId() + ": could not queue a message of "
                    + name, e);
        }
    }
}
