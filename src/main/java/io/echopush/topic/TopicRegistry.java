package io.echopush.topic;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.bus.BusObserver;
import io.echopush.bus.BusSetting;
import io.echopush.bus.Buses;
import io.echopush.bus.Position;
import io.echopush.bus.Publication;
import io.echopush.bus.Snapshot;
import io.echopush.bus.Stored;
import io.echopush.bus.TopicBus;
import io.echopush.metrics.Metrics;
import io.echopush.outbound.SendStarts;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.protocol.Since;
import io.echopush.protocol.TopicName;
import io.echopush.session.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Every topic of this node: those with subscribers, and those whose history is still kept (until its ttl after the
 * last publish). A topic's position continues while it exists; one forgotten starts a new epoch. The number of
 * topics is capped so that clients cannot grow the map without bound. A publication goes from here to the bus, which
 * stores it and gives it its position (or none: then this node numbers it), then to this node's subscribers; the
 * bus hands what any node stored to the {@link BrokerFeed}, which keeps each topic in seq order (docs/scaling.md).
 */
public final class TopicRegistry {

    private static final long MAX_TTL_MILLIS = TimeUnit.DAYS.toMillis(3650);

    private final ConcurrentMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final int maxTopics;
    private final HistoryLimits history;
    private final Metrics metrics;
    private final Clock clock;
    private final boolean local;
    private final BrokerFeed feed;
    private final TopicBus bus;
    private final Executor sendExecutor;

    /** Topics of this node alone (the local bus), without history, sends started on the caller's thread (tests). */
    public TopicRegistry(int maxTopics, Metrics metrics, Clock clock) {
        this(maxTopics, HistoryLimits.none(), metrics, clock, BusSetting.LOCAL, Runnable::run);
    }

    /**
     * Topics whose publishes go through the bus {@code bus} names (not started: {@link #bus()}).
     *
     * @param sendExecutor where the send chains of a fan-out start: the executor of every session's sender
     */
    public TopicRegistry(int maxTopics, HistoryLimits history, Metrics metrics, Clock clock, BusSetting bus,
            Executor sendExecutor) {
        this.maxTopics = maxTopics;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
        this.sendExecutor = sendExecutor;
        this.local = bus.isLocal();
        BusObserver busObserver = metrics.bus(local ? "local" : "redis");
        this.feed = new BrokerFeed(topics, this::fromBroker, busObserver, sendExecutor);
        this.bus = Buses.create(bus, history.size(), Math.min(MAX_TTL_MILLIS,
                TimeUnit.NANOSECONDS.toMillis(history.ttlNanos())), feed, busObserver);
        metrics.watchSubscribers(this::subscriberCounts);
        metrics.watchHistory(history::usedBytes);
    }

    /** The bus between nodes: started and stopped with the application. */
    public TopicBus bus() {
        return bus;
    }

    /** Subscribes {@code subscriber} (replying {@code subscribed} with {@code id}); answers the topic's subscriber count. */
    public int subscribe(String name, Connection subscriber, JsonNode id) throws BadRequestException {
        return subscribe(name, subscriber, null, id);
    }

    /** As {@link #subscribe(String, Connection, JsonNode)}, replaying what came after {@code since} if it is kept. */
    public int subscribe(String name, Connection subscriber, Since since, JsonNode id) throws BadRequestException {
        while (true) {
            Topic topic = topicFor(name, id);
            int subscribers = topic.join(subscriber, since, id);
            if (subscribers > 0) {
                return subscribers;
            }
            // That topic was forgotten between our lookup and our join: make a new one.
            topics.remove(name, topic);
        }
    }

    /**
     * Unsubscribes {@code subscriber}; with {@code reply} it hears {@code unsubscribed} (with {@code id}) even if it
     * was not subscribed.
     */
    public void unsubscribe(String name, Connection subscriber, boolean reply, JsonNode id) {
        Topic topic = topics.get(name);
        if (topic == null) {
            if (reply) {
                subscriber.sender().reply(PushCodec.outbound(new ServerMessage.Unsubscribed(name, id)));
            }
            return;
        }
        if (topic.leave(subscriber, reply, id)) {
            topics.remove(name, topic);
        }
    }

    /** Delivers {@code data} to every subscriber of {@code name}; answers how many there were on this node. */
    public int publish(String name, JsonNode data) {
        return publish(name, data, null).subscribers();
    }

    /**
     * As {@link #publish(String, JsonNode)}, naming the signed-in user who published it (null: nobody): stored by the
     * bus, which gives it its position, then delivered to this node's subscribers (the other nodes' get it from the
     * bus). Without a broker (the local bus, or Redis away) this node numbers it and only its subscribers get it.
     */
    public Published publish(String name, JsonNode data, String from) {
        metrics.published(name);
        Publication publication = new Publication(name, data, from, now());
        Position position = TopicName.isServerOnly(name) ? null : bus.append(publication);
        if (position == null) {
            return publishLocal(publication, local);
        }
        SendStarts starts = new SendStarts(sendExecutor);
        int here = feed.accept(new Stored(position, publication), false, starts);
        starts.start(); // outside the topic's lock
        return new Published(here, position, true);
    }

    /** Delivers {@code data} to this node's subscribers only, never kept (the clock's ticks: each node its own). */
    public int publishHere(String name, JsonNode data, String from) {
        return publishLocal(new Publication(name, data, from, now()), false).subscribers();
    }

    private Published publishLocal(Publication publication, boolean everyNode) {
        String name = publication.topic();
        boolean keep = history.size() > 0 && !TopicName.isServerOnly(name);
        while (true) {
            Topic topic = topics.get(name);
            if (topic == null) {
                return new Published(0, null, everyNode); // nobody listens or left anything to come back to
            }
            SendStarts starts = new SendStarts(sendExecutor);
            Position position = topic.publishLocal(publication, keep, System.nanoTime(), starts);
            starts.start(); // outside the topic's lock
            if (position != null) {
                return new Published(topic.size(), position, everyNode);
            }
            topics.remove(name, topic);
        }
    }

    /** A history request: the kept messages after {@code since} (or the newest), within {@code maxBytes}. */
    public ServerMessage.History history(String name, Since since, int limit, int maxBytes, JsonNode id) {
        Topic topic = topics.get(name);
        if (topic == null && !local && !TopicName.isServerOnly(name)) {
            // not followed here: the broker's copy, read once, without making a topic of this node
            topic = new Topic(name, new HistoryLimits(Math.max(1, history.size()), Long.MAX_VALUE, Long.MAX_VALUE),
                    System.nanoTime());
            feed.load(topic);
        }
        if (topic == null) {
            return new ServerMessage.History(name, null, 0, since == null, List.of(), id);
        }
        return topic.read(since, limit, maxBytes, id);
    }

    public int subscribers(String name) {
        Topic topic = topics.get(name);
        return topic == null ? 0 : topic.size();
    }

    /**
     * Run on a schedule: each topic whose subscriber count changed tells its subscribers once; a history past its
     * ttl is forgotten, and with it a topic nobody is subscribed to.
     */
    public void announcePresence() {
        SendStarts starts = new SendStarts(sendExecutor);
        topics.values().forEach(topic -> topic.announcePresence(starts));
        starts.start();
        long now = System.nanoTime();
        topics.values().removeIf(topic -> topic.expire(now));
    }

    /** The topic {@code name}, made if need be; refused past the cap of topics. */
    private Topic topicFor(String name, JsonNode id) throws BadRequestException {
        Topic topic = topicOrNull(name);
        if (topic == null) {
            throw new BadRequestException("this server has reached its limit of " + maxTopics + " topics", id);
        }
        return topic;
    }

    /** Past the cap, a topic kept only for its history makes room: subscribers come first (D33). */
    private Topic topicOrNull(String name) {
        Topic topic = topics.get(name);
        if (topic != null) {
            return topic;
        }
        if (topics.size() >= maxTopics) {
            for (Topic idle : topics.values()) {
                if (idle.evictIfIdle()) {
                    topics.remove(idle.name(), idle);
                    break;
                }
            }
        }
        if (topics.size() >= maxTopics) {
            return topics.get(name);
        }
        Topic made = new Topic(name, history, System.nanoTime());
        // Locked before it can be seen, so that nothing reaches it before it holds the broker's copy.
        synchronized (made) {
            Topic raced = topics.putIfAbsent(name, made);
            if (raced != null) {
                return raced;
            }
            if (!local && !TopicName.isServerOnly(name)) {
                feed.load(made);
            }
            return made;
        }
    }

    public int topicCount() {
        return topics.size();
    }

    Map<String, Integer> subscriberCounts() {
        Map<String, Integer> counts = new HashMap<>();
        topics.forEach((name, topic) -> counts.put(name, topic.size()));
        return counts;
    }

    /** The topic as the broker holds it (null without one); the feed's reads, made after construction. */
    private Snapshot fromBroker(String name) {
        return bus.read(name);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
