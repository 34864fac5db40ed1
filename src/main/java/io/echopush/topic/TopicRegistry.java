package io.echopush.topic;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.bus.BusObserver;
import io.echopush.bus.BusSetting;
import io.echopush.bus.Buses;
import io.echopush.bus.Snapshot;
import io.echopush.bus.TopicBus;
import io.echopush.metrics.Metrics;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.protocol.Since;
import io.echopush.protocol.TopicName;
import io.echopush.session.Connection;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** This node's topics as the endpoints see them; one forgotten (no subscriber, no history) starts a new epoch. */
public final class TopicRegistry {

    private static final long MAX_TTL_MILLIS = TimeUnit.DAYS.toMillis(3650);

    private final TopicTable topics;
    private final int historySize;
    private final boolean local;
    private final BrokerFeed feed;
    private final TopicBus bus;
    private final Publisher publisher;
    private final Executor sendExecutor;

    /** Topics of this node alone (the local bus), without history, sends started on the caller's thread (tests). */
    public TopicRegistry(int maxTopics, Metrics metrics, Clock clock) {
        this(maxTopics, HistoryLimits.none(), metrics, clock, BusSetting.LOCAL, Runnable::run);
    }

    /** Topics whose publishes go through the bus {@code bus} names (not started: {@link #bus()}). */
    public TopicRegistry(int maxTopics, HistoryLimits history, Metrics metrics, Clock clock, BusSetting bus,
            Executor sendExecutor) {
        this.topics = new TopicTable(maxTopics, history);
        this.historySize = history.size();
        this.sendExecutor = sendExecutor; // where a fan-out's send chains start: every session's sender's
        this.local = bus.isLocal();
        BusObserver busObserver = metrics.bus(local ? "local" : "redis");
        this.feed = new BrokerFeed(topics, this::fromBroker, busObserver, sendExecutor);
        this.bus = Buses.create(bus, history.size(), Math.min(MAX_TTL_MILLIS,
                TimeUnit.NANOSECONDS.toMillis(history.ttlNanos())), feed, busObserver);
        this.publisher = new Publisher(topics, this.bus, feed, local, history.size() > 0, metrics, clock,
                sendExecutor);
        metrics.watchSubscribers(topics::subscriberCounts);
        metrics.watchHistory(history::usedBytes);
    }

    /** The bus between nodes: started and stopped with the application. */
    public TopicBus bus() {
        return bus;
    }

    /** Subscribes {@code subscriber} (replying {@code subscribed} with {@code id}); answers the subscriber count. */
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
            topics.remove(topic);
        }
    }

    /** Unsubscribes {@code subscriber}; with {@code reply} it hears {@code unsubscribed}, subscribed or not. */
    public void unsubscribe(String name, Connection subscriber, boolean reply, JsonNode id) {
        Topic topic = topics.get(name);
        if (topic == null) {
            if (reply) {
                subscriber.sender().reply(PushCodec.outbound(new ServerMessage.Unsubscribed(name, id)));
            }
            return;
        }
        if (topic.leave(subscriber, reply, id)) {
            topics.remove(topic);
        }
    }

    /** Delivers {@code data} to every subscriber of {@code name}; answers how many there were on this node. */
    public int publish(String name, JsonNode data) {
        return publish(name, data, null).subscribers();
    }

    /** As {@link #publish(String, JsonNode)}, naming the signed-in user who published it (null: nobody). */
    public Published publish(String name, JsonNode data, String from) {
        return publisher.publish(name, data, from);
    }

    /** Delivers {@code data} to this node's subscribers only, never kept (the clock's ticks: each node its own). */
    public int publishHere(String name, JsonNode data, String from) {
        return publisher.publishHere(name, data, from);
    }

    /** A history request: the kept messages after {@code since} (or the newest), within {@code maxBytes}. */
    public ServerMessage.History history(String name, Since since, int limit, int maxBytes, JsonNode id) {
        Topic topic = topics.get(name);
        if (topic == null && !local && !TopicName.isServerOnly(name)) {
            topic = feed.copy(name, historySize); // not followed here: no topic of this node made for it
        }
        return topic == null ? new ServerMessage.History(name, null, 0, since == null, List.of(), id)
                : topic.read(since, limit, maxBytes, id);
    }

    public int subscribers(String name) {
        Topic topic = topics.get(name);
        return topic == null ? 0 : topic.size();
    }

    /** Run on a schedule: see {@link TopicTable#tick}. */
    public void announcePresence() {
        topics.tick(sendExecutor);
    }

    public int topicCount() {
        return topics.size();
    }

    /** The topic {@code name}, made (and loaded from the broker) if need be; refused past the cap of topics. */
    private Topic topicFor(String name, JsonNode id) throws BadRequestException {
        Topic topic = topics.getOrMake(name, made -> {
            if (!local && !TopicName.isServerOnly(name)) {
                feed.load(made);
            }
        });
        if (topic == null) {
            throw new BadRequestException("this server has reached its limit of " + topics.max() + " topics", id);
        }
        return topic;
    }

    /** The topic as the broker holds it (null without one); the feed's reads, made after construction. */
    private Snapshot fromBroker(String name) {
        return bus.read(name);
    }
}
