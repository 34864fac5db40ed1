package io.echopush.topic;

import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.SendStarts;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.session.Connection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A topic's subscribers, the fan-out to them and the count they hear. Guarded by its topic's lock. */
final class Subscribers {

    private static final Logger LOG = Logger.getLogger(Subscribers.class.getName());

    private final String topic;
    private final Set<Connection> connections = new LinkedHashSet<>();
    private boolean presenceChanged;

    Subscribers(String topic) {
        this.topic = topic;
    }

    void add(Connection subscriber) {
        if (connections.add(subscriber)) {
            presenceChanged = true;
        }
    }

    void remove(Connection subscriber) {
        if (connections.remove(subscriber)) {
            presenceChanged = true;
        }
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    int size() {
        return connections.size();
    }

    /** Offers {@code message} to every subscriber (only enqueues: the sends begin with {@code starts}). */
    void offer(OutboundMessage message, SendStarts starts) {
        connections.forEach(subscriber -> offer(subscriber, message, false, starts));
    }

    /** If the count changed since last time, tells every subscriber the new count. */
    void announcePresence(SendStarts starts) {
        if (!presenceChanged || connections.isEmpty()) {
            return;
        }
        presenceChanged = false;
        OutboundMessage presence = PushCodec.outbound(new ServerMessage.Presence(topic, connections.size()));
        // the latest count replaces one still waiting, and is never dropped: a slow client's count is never stale
        connections.forEach(subscriber -> offer(subscriber, presence, true, starts));
    }

    /** One subscriber's failure is that subscriber's alone: the loop goes on. */
    private void offer(Connection subscriber, OutboundMessage message, boolean presence, SendStarts starts) {
        try {
            if (presence) {
                subscriber.sender().offerLatest(topic, message, starts);
            } else {
                subscriber.sender().offer(message, starts);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Session " + subscriber.peer().id() + ": could not queue a message of "
                    + topic, e);
        }
    }
}
