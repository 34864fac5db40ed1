package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.SendStarts;
import io.echopush.session.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One topic and its subscribers. Everything happens under the topic's lock, so a topic's messages get their
 * {@code seq} and reach every sender's queue in one order, and a subscriber's {@code subscribed} comes before
 * the topic's first message to it. Under the lock we only enqueue: offering never waits or touches a socket.
 */
final class Topic {

    private static final Logger LOG = Logger.getLogger(Topic.class.getName());

    private final String name;
    private final Set<Connection> subscribers = new LinkedHashSet<>();
    private long seq;
    private boolean removed;
    private boolean presenceChanged;

    Topic(String name) {
        this.name = name;
    }

    /** Adds {@code subscriber} and replies {@code subscribed} (with the request's {@code id}); -1 if this topic emptied and is gone. */
    synchronized int join(Connection subscriber, JsonNode id) {
        if (removed) {
            return -1;
        }
        if (subscribers.add(subscriber)) {
            presenceChanged = true;
        }
        reply(subscriber, PushCodec.outbound(new ServerMessage.Subscribed(name, subscribers.size(), id)));
        return subscribers.size();
    }

    /** Removes {@code subscriber} (replying with the request's {@code id} if asked); answers whether the topic is now empty and gone. */
    synchronized boolean leave(Connection subscriber, boolean reply, JsonNode id) {
        if (subscribers.remove(subscriber)) {
            presenceChanged = true;
        }
        if (reply) {
            reply(subscriber, PushCodec.outbound(new ServerMessage.Unsubscribed(name, id)));
        }
        if (subscribers.isEmpty()) {
            removed = true;
        }
        return removed;
    }

    /**
     * Encodes {@code data} (from user {@code from}, or null) once as the next message and offers it to every
     * subscriber, whose writing the caller then begins with {@code starts}; answers how many.
     */
    synchronized int publish(JsonNode data, String from, Clock clock, SendStarts starts) {
        if (subscribers.isEmpty()) {
            return 0;
        }
        String time = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
        OutboundMessage message = PushCodec.outbound(new ServerMessage.Message(name, data, ++seq, time, from));
        subscribers.forEach(subscriber -> offer(subscriber, message, false, starts));
        return subscribers.size();
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

    /** The answer to the subscriber's own request (on its own thread), which is never dropped to make room. */
    private static void reply(Connection subscriber, OutboundMessage message) {
        subscriber.sender().reply(message);
    }
}
