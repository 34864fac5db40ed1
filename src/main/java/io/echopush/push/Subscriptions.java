package io.echopush.push;

import io.echopush.session.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The topics one {@code /push} session subscribed to, capped, so that they can all be left when it ends. */
final class Subscriptions {

    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final TopicRegistry registry;
    private final Connection connection;
    private final int max;

    Subscriptions(TopicRegistry registry, Connection connection, int max) {
        this.registry = registry;
        this.connection = connection;
        this.max = max;
    }

    void subscribe(String topic) throws BadRequestException {
        if (!topics.contains(topic) && topics.size() >= max) {
            throw new BadRequestException("a session may subscribe to at most " + max + " topics");
        }
        registry.subscribe(topic, connection);
        topics.add(topic);
    }

    void unsubscribe(String topic) {
        topics.remove(topic);
        registry.unsubscribe(topic, connection, true);
    }

    /** Leaves every topic without replies: the session is gone. Safe to call twice. */
    void leaveAll() {
        for (String topic : topics) {
            topics.remove(topic);
            registry.unsubscribe(topic, connection, false);
        }
    }
}
