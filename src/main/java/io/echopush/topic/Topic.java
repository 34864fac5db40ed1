package io.echopush.topic;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.bus.Position;
import io.echopush.bus.Publication;
import io.echopush.bus.Snapshot;
import io.echopush.bus.Stored;
import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.SendStarts;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.protocol.Since;
import io.echopush.session.Connection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One topic: its subscribers and its {@link History} (position and kept messages). Everything happens under the
 * topic's lock, so messages reach every sender's queue in seq order, and a subscriber's {@code subscribed} (and
 * replay) comes before the first live message to it. Under the lock we only enqueue, never touch a socket; only a
 * {@link #sync} asks the broker, and nothing is delivered meanwhile. A topic outlives its last subscriber while
 * its history is kept. With a broker, positions come with the messages ({@link #accept}); the {@link Order} keeps
 * them in seq order.
 */
final class Topic {

    private static final Logger LOG = Logger.getLogger(Topic.class.getName());

    private final String name;
    private final History history;
    private final boolean keepsHistory;
    private final Set<Connection> subscribers = new LinkedHashSet<>();
    private final Order order = new Order();
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
     * Gives {@code publication} this node's next position (leaving the broker's epoch for one of this node's own, if
     * need be), keeps it if asked, and offers it to every subscriber; answers its position, null if this topic is gone.
     */
    synchronized Position publishLocal(Publication publication, boolean keep, long nowNanos, SendStarts starts) {
        if (removed) {
            return null;
        }
        if (history.shared()) {
            history.restart(History.newEpoch(), 0, false);
        }
        Position position = new Position(history.epoch(), history.next(nowNanos));
        deliver(new Stored(position, publication), keep, starts);
        return position;
    }

    /** A message stored by the broker, with its position: delivered in seq order, once (see {@link Order}). */
    synchronized Order.Outcome accept(Stored stored, long nowNanos, SendStarts starts) {
        if (removed) {
            return Order.Outcome.GONE;
        }
        Order.Outcome outcome = order.place(stored, history);
        if (outcome == Order.Outcome.NEXT) {
            history.advance(stored.position().seq(), nowNanos);
            deliver(stored, keepsHistory, starts);
            releaseHeld(nowNanos, starts);
        }
        return outcome;
    }

    /**
     * Catches up with the broker's {@code read} (made under this lock, so that nothing older is applied after it):
     * what subscribers have not had is delivered in order, the copy of the history is the broker's. Answers how many
     * messages were delivered from it, and how many positions were skipped (no longer kept by the broker).
     */
    synchronized CatchUp sync(Supplier<Snapshot> read, long nowNanos, SendStarts starts) {
        Snapshot snapshot = removed ? null : read.get();
        if (snapshot == null) {
            return CatchUp.NONE;
        }
        Position top = snapshot.top();
        boolean same = history.shared() && history.epoch().equals(top.epoch());
        Position before = history.leftBroker();
        long delivered = same ? history.top()
                : before != null && before.epoch().equals(top.epoch()) ? Math.min(before.seq(), top.seq()) : 0;
        if (!same) {
            history.restart(top.epoch(), 0, true);
        }
        long last = delivered; // subscribers have had everything up to here
        int recovered = 0;
        for (Stored stored : snapshot.kept()) {
            long seq = stored.position().seq();
            if (seq <= history.top()) {
                continue; // this copy has it
            }
            history.advance(seq, nowNanos);
            boolean fresh = seq > last;
            deliver(stored, keepsHistory, fresh ? starts : null);
            if (fresh) {
                recovered++;
                last = seq;
            }
        }
        if (top.seq() > history.top()) {
            history.advance(top.seq(), nowNanos); // history off, or trimmed meanwhile: a gap subscribers can see
        }
        long missed = Math.max(0, top.seq() - delivered - recovered);
        order.forgetUpTo(history);
        releaseHeld(nowNanos, starts);
        return subscribers.isEmpty() ? CatchUp.NONE : new CatchUp(recovered, missed);
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

    /** Delivers the held messages that are next now, in order. */
    private void releaseHeld(long nowNanos, SendStarts starts) {
        for (Stored next; (next = order.takeNext(history)) != null; ) {
            history.advance(next.position().seq(), nowNanos);
            deliver(next, keepsHistory, starts);
        }
    }

    /** Encodes {@code stored} once, keeps it if asked, offers it to every subscriber (to none without starts). */
    private void deliver(Stored stored, boolean keep, SendStarts starts) {
        OutboundMessage.Text message = encode(name, stored);
        if (keep) {
            history.keep(stored.position().seq(), message);
        }
        if (starts != null) {
            subscribers.forEach(subscriber -> offer(subscriber, message, false, starts));
        }
    }

    /** A stored publication as subscribers receive it: the same bytes on every node and every replay. */
    static OutboundMessage.Text encode(String topic, Stored stored) {
        Publication publication = stored.publication();
        return PushCodec.outbound(new ServerMessage.Message(topic, publication.data(), stored.position().epoch(),
                stored.position().seq(), publication.time(), publication.from()));
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
