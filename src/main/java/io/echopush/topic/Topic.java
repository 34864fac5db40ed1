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
import java.util.List;
import java.util.function.Supplier;

/**
 * One topic: its {@link Subscribers}, its {@link History} and its {@link BrokerSync}. All under the topic's lock, where
 * we only enqueue, never touch a socket: so every queue gets messages in seq order, {@code subscribed} first.
 */
final class Topic {

    private final String name;
    private final History history;
    private final boolean keepsHistory;
    private final Subscribers subscribers;
    private final BrokerSync broker;
    private boolean removed;

    Topic(String name, HistoryLimits limits, long nowNanos) {
        this.name = name;
        this.history = new History(limits, nowNanos);
        this.keepsHistory = limits.size() > 0;
        this.subscribers = new Subscribers(name);
        this.broker = new BrokerSync(history, (stored, starts) -> deliver(stored, keepsHistory, starts));
    }

    /** Replies {@code subscribed}, then what came after {@code since} if all kept; answers the count, -1 if gone. */
    synchronized int join(Connection subscriber, Since since, JsonNode id) {
        if (removed) {
            return -1;
        }
        subscribers.add(subscriber);
        List<History.Kept> missed = since == null ? null : history.after(since, Integer.MAX_VALUE);
        subscriber.sender().reply(PushCodec.outbound(new ServerMessage.Subscribed(name, subscribers.size(),
                history.epoch(), history.top(), since == null ? null : missed != null, id))
                .at(name, history.epoch(), history.top()));
        if (missed != null) {
            missed.forEach(message -> subscriber.sender().offer(message.message()));
        }
        return subscribers.size();
    }

    /** Removes {@code subscriber} (replying with {@code id} if asked); answers whether the topic is gone. */
    synchronized boolean leave(Connection subscriber, boolean reply, JsonNode id) {
        subscribers.remove(subscriber);
        if (reply) {
            subscriber.sender().reply(PushCodec.outbound(new ServerMessage.Unsubscribed(name, id)));
        }
        if (subscribers.isEmpty() && (!keepsHistory || history.keepsNothing())) {
            removed = true; // nothing to come back to: a new subscriber starts a new epoch
        }
        return removed;
    }

    /** Numbers {@code publication} here (leaving the broker's epoch if need be); null if this topic is gone. */
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

    /** A message stored by the broker, with its position: see {@link BrokerSync#accept}. */
    synchronized Order.Outcome accept(Stored stored, long nowNanos, SendStarts starts) {
        return removed ? Order.Outcome.GONE : broker.accept(stored, nowNanos, starts);
    }

    /** Catches up with the broker's {@code read}, made under this lock so that nothing older is applied after it. */
    synchronized CatchUp sync(Supplier<Snapshot> read, long nowNanos, SendStarts starts) {
        Snapshot snapshot = removed ? null : read.get();
        if (snapshot == null) {
            return CatchUp.NONE;
        }
        CatchUp caught = broker.catchUp(snapshot, nowNanos, starts);
        return subscribers.isEmpty() ? CatchUp.NONE : caught;
    }

    /** What a history request gets: the kept messages after {@code since} (or the newest), and the position. */
    synchronized ServerMessage.History read(Since since, int limit, int maxBytes, JsonNode id) {
        List<History.Kept> kept = since == null ? history.newest(limit) : history.after(since, limit);
        return HistoryReplies.of(name, history.epoch(), history.top(), kept, maxBytes, id);
    }

    /** Forgets a topic nobody is subscribed to, making room under the cap of topics; answers whether it did. */
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

    synchronized void announcePresence(SendStarts starts) {
        subscribers.announcePresence(starts);
    }

    synchronized int size() {
        return subscribers.size();
    }

    String name() {
        return name;
    }

    /** Encodes {@code stored} once, keeps it if asked, offers it to every subscriber (to none without starts). */
    private void deliver(Stored stored, boolean keep, SendStarts starts) {
        OutboundMessage.Text message = encode(name, stored);
        if (keep) {
            history.keep(stored.position().seq(), message);
        }
        if (starts != null) {
            subscribers.offer(message, starts);
        }
    }

    /** A stored publication as subscribers receive it: the same bytes on every node and every replay. */
    static OutboundMessage.Text encode(String topic, Stored stored) {
        Publication publication = stored.publication();
        Position position = stored.position();
        return PushCodec.outbound(new ServerMessage.Message(topic, publication.data(), position.epoch(),
                position.seq(), publication.time(), publication.from())).at(topic, position.epoch(), position.seq());
    }
}
