package io.echopush.topic;

import io.echopush.outbound.SendStarts;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** This node's topics by name, capped so that clients cannot grow the map without bound. */
final class TopicTable {

    private final ConcurrentMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final int max;
    private final HistoryLimits history;

    TopicTable(int max, HistoryLimits history) {
        this.max = max;
        this.history = history;
    }

    int max() {
        return max;
    }

    Topic get(String name) {
        return topics.get(name);
    }

    /** Forgets {@code topic} if it is still the one under its name. */
    void remove(Topic topic) {
        topics.remove(topic.name(), topic);
    }

    /**
     * The topic {@code name}, made and {@code load}ed if need be, or null past the cap; there a topic kept only for its
     * history makes room: subscribers come first (D33).
     */
    Topic getOrMake(String name, Consumer<Topic> load) {
        Topic topic = topics.get(name);
        if (topic != null) {
            return topic;
        }
        if (topics.size() >= max) {
            for (Topic idle : topics.values()) {
                if (idle.evictIfIdle()) {
                    remove(idle);
                    break;
                }
            }
        }
        if (topics.size() >= max) {
            return topics.get(name);
        }
        Topic made = new Topic(name, history, System.nanoTime());
        // Locked before it can be seen, so that nothing reaches it before it holds the broker's copy.
        synchronized (made) {
            Topic raced = topics.putIfAbsent(name, made);
            if (raced != null) {
                return raced;
            }
            load.accept(made);
            return made;
        }
    }

    /** The presence tick: a changed count is told once; an expired history goes, and an idle topic with it. */
    void tick(Executor sendExecutor) {
        SendStarts starts = new SendStarts(sendExecutor);
        topics.values().forEach(topic -> topic.announcePresence(starts));
        starts.start(); // outside every topic's lock
        long now = System.nanoTime();
        topics.values().removeIf(topic -> topic.expire(now));
    }

    Collection<Topic> all() {
        return topics.values();
    }

    int size() {
        return topics.size();
    }

    Map<String, Integer> subscriberCounts() {
        Map<String, Integer> counts = new HashMap<>();
        topics.forEach((name, topic) -> counts.put(name, topic.size()));
        return counts;
    }
}
