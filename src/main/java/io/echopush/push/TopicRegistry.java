package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.bus.BusSetting;
import io.echopush.bus.Buses;
import io.echopush.bus.TopicBus;
import io.echopush.metrics.Metrics;
import io.echopush.outbound.SendStarts;
import io.echopush.session.Connection;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Every topic of this node: those with subscribers, and those whose history is still kept (until its ttl after the
 * last publish). A topic's position continues while it exists; one forgotten starts a new epoch. The number of
 * topics is capped so that clients cannot grow the map without bound. Subscribers, counts and positions are this
 * node's (docs/scaling.md); only published messages cross nodes, by the {@link TopicBus}.
 */
public final class TopicRegistry {

    private static final Logger LOG = Logger.getLogger(TopicRegistry.class.getName());

    private final ConcurrentMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final int maxTopics;
    private final HistoryLimits history;
    private final Metrics metrics;
    private final Clock clock;
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
        this.bus = Buses.create(bus, this::deliver, metrics.bus(bus.isLocal() ? "local" : "redis"));
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

    /** Delivers {@code data} to every subscriber of {@code name}; answers how many there were. */
    public int publish(String name, JsonNode data) {
        return publish(name, data, null);
    }

    /**
     * As {@link #publish(String, JsonNode)}, naming the signed-in user who published it (null: nobody): delivered on
     * this node at once, then shared with the other nodes (a Redis bus); answers this node's count.
     */
    public int publish(String name, JsonNode data, String from) {
        metrics.published(name);
        int here = publishHere(name, data, from);
        bus.share(name, data, from);
        return here;
    }

    /**
     * What another node published, as the bus hands it here. Never to a server-only topic: no node shares one (each
     * node's clock is its own), so such a message came from whoever else can publish to the broker.
     */
    private int deliver(String name, JsonNode data, String from) {
        if (TopicName.isServerOnly(name)) {
            LOG.warning(() -> "Refused a message for the server-only topic " + name + " from the bus");
            return 0;
        }
        return publishHere(name, data, from);
    }

    /** Delivers {@code data} to this node's subscribers only (the clock's ticks, never kept; the bus's deliveries). */
    public int publishHere(String name, JsonNode data, String from) {
        boolean keep = history.size() > 0 && !TopicName.isServerOnly(name);
        while (true) {
            Topic topic = topics.get(name);
            if (topic == null) {
                return 0; // nobody listens or left anything to come back to: a publish never makes a topic
            }
            SendStarts starts = new SendStarts(sendExecutor);
            int subscribers = topic.publish(data, from, keep, clock, System.nanoTime(), starts);
            starts.start(); // outside the topic's lock
            if (subscribers >= 0) {
                return subscribers;
            }
            topics.remove(name, topic);
        }
    }

    /** A history request: the kept messages after {@code since} (or the newest), within {@code maxBytes}. */
    public ServerMessage.History history(String name, Since since, int limit, int maxBytes, JsonNode id) {
        Topic topic = topics.get(name);
        if (topic == null) {
            return new ServerMessage.History(name, null, 0, since == null, java.util.List.of(), id);
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
        if (topic == null && topics.size() >= maxTopics) {
            for (Topic idle : topics.values()) {
                if (idle.evictIfIdle()) {
                    topics.remove(idle.name(), idle);
                    break;
                }
            }
        }
        if (topic == null && topics.size() < maxTopics) {
            topic = topics.computeIfAbsent(name, n -> new Topic(n, history, System.nanoTime()));
        }
        return topic;
    }

    public int topicCount() {
        return topics.size();
    }

    Map<String, Integer> subscriberCounts() {
        Map<String, Integer> counts = new HashMap<>();
        topics.forEach((name, topic) -> counts.put(name, topic.size()));
        return counts;
    }
}
