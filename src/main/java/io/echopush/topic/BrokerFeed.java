package io.echopush.topic;

import io.echopush.bus.BusObserver;
import io.echopush.bus.Snapshot;
import io.echopush.bus.Stored;
import io.echopush.bus.TopicBus;
import io.echopush.outbound.SendStarts;
import io.echopush.protocol.TopicName;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * What reaches this node's topics from the broker, from the publishing thread and from the channel; a topic that
 * shows it missed something catches up from the broker's history (D34).
 */
final class BrokerFeed implements TopicBus.Delivery {

    private static final Logger LOG = Logger.getLogger(BrokerFeed.class.getName());

    private final TopicTable topics;
    private final Function<String, Snapshot> read;
    private final BusObserver observer;
    private final Executor sendExecutor;

    BrokerFeed(TopicTable topics, Function<String, Snapshot> read, BusObserver observer, Executor sendExecutor) {
        this.topics = topics;
        this.read = read;
        this.observer = observer;
        this.sendExecutor = sendExecutor;
    }

    /** A stored publication into its topic (a publish never makes one); answers the topic's subscriber count. */
    int accept(Stored stored, boolean fromChannel, SendStarts starts) {
        String name = stored.publication().topic();
        while (true) {
            Topic topic = topics.get(name);
            if (topic == null) {
                return 0;
            }
            Order.Outcome outcome = topic.accept(stored, System.nanoTime(), starts);
            if (outcome == Order.Outcome.GONE) {
                topics.remove(topic);
                continue;
            }
            if (outcome == Order.Outcome.STRANGER || fromChannel && outcome == Order.Outcome.HELD) {
                catchUp(topic, starts);
            }
            return topic.size();
        }
    }

    /** Makes {@code topic} a copy of the broker's (a topic just made here: nobody to deliver to yet). */
    void load(Topic topic) {
        topic.sync(() -> read.apply(topic.name()), System.nanoTime(), null);
    }

    /** The broker's copy of a topic this node does not follow: read once, kept nowhere. */
    Topic copy(String name, int size) {
        Topic topic = new Topic(name, new HistoryLimits(Math.max(1, size), Long.MAX_VALUE, Long.MAX_VALUE),
                System.nanoTime());
        load(topic);
        return topic;
    }

    private void catchUp(Topic topic, SendStarts starts) {
        CatchUp caught = topic.sync(() -> read.apply(topic.name()), System.nanoTime(), starts);
        if (caught.recovered() > 0) {
            observer.recovered(caught.recovered());
        }
        if (caught.missed() > 0) {
            observer.missed(caught.missed());
        }
    }

    /** From the channel. Never to a server-only topic: no node stores one (each node's clock is its own). */
    @Override
    public void deliver(Stored stored) {
        String name = stored.publication().topic();
        if (TopicName.isServerOnly(name)) {
            LOG.warning(() -> "Refused a message for the server-only topic " + name + " from the bus");
            return;
        }
        SendStarts starts = new SendStarts(sendExecutor);
        accept(stored, true, starts);
        starts.start();
    }

    @Override
    public void reconnected() {
        SendStarts starts = new SendStarts(sendExecutor);
        topics.all().stream().filter(topic -> !TopicName.isServerOnly(topic.name()))
                .forEach(topic -> catchUp(topic, starts));
        starts.start();
    }
}
