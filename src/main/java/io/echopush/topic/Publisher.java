package io.echopush.topic;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.bus.Position;
import io.echopush.bus.Publication;
import io.echopush.bus.Stored;
import io.echopush.bus.TopicBus;
import io.echopush.metrics.Metrics;
import io.echopush.outbound.SendStarts;
import io.echopush.protocol.TopicName;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executor;

/**
 * The way of a publication: to the bus, which stores it and gives it its position, then to this node's subscribers
 * through the {@link BrokerFeed}; without a broker (local bus, or Redis away) this node numbers it (D34).
 */
final class Publisher {

    private final TopicTable topics;
    private final TopicBus bus;
    private final BrokerFeed feed;
    private final boolean local;
    private final boolean keep;
    private final Metrics metrics;
    private final Clock clock;
    private final Executor sendExecutor;

    Publisher(TopicTable topics, TopicBus bus, BrokerFeed feed, boolean local, boolean keep, Metrics metrics,
            Clock clock, Executor sendExecutor) {
        this.topics = topics;
        this.bus = bus;
        this.feed = feed;
        this.local = local;
        this.keep = keep;
        this.metrics = metrics;
        this.clock = clock;
        this.sendExecutor = sendExecutor;
    }

    /** Stored by the bus, then delivered to this node's subscribers (the other nodes' get it from the bus). */
    Published publish(String name, JsonNode data, String from) {
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

    /** To this node's subscribers only, never kept (the clock's ticks: each node its own). */
    int publishHere(String name, JsonNode data, String from) {
        return publishLocal(new Publication(name, data, from, now()), false).subscribers();
    }

    private Published publishLocal(Publication publication, boolean everyNode) {
        String name = publication.topic();
        boolean kept = keep && !TopicName.isServerOnly(name);
        while (true) {
            Topic topic = topics.get(name);
            if (topic == null) {
                return new Published(0, null, everyNode); // nobody listens or left anything to come back to
            }
            SendStarts starts = new SendStarts(sendExecutor);
            Position position = topic.publishLocal(publication, kept, System.nanoTime(), starts);
            starts.start(); // outside the topic's lock
            if (position != null) {
                return new Published(topic.size(), position, everyNode);
            }
            topics.remove(topic);
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
