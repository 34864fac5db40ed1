package io.echopush.push;

import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.ClientMessage;
import io.echopush.session.Connection;
import io.echopush.topic.TopicRegistry;
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

    void subscribe(ClientMessage.Subscribe request) throws BadRequestException {
        String topic = request.topic();
        if (!topics.contains(topic) && topics.size() >= max) {
            throw new BadRequestException("a session may subscribe to at most " + max + " topics", request.id());
        }
        registry.subscribe(topic, connection, request.since(), request.id());
        topics.add(topic);
    }

    void unsubscribe(ClientMessage.Unsubscribe request) {
        topics.remove(request.topic());
        registry.unsubscribe(request.topic(), connection, true, request.id());
    }

    /** Leaves every topic without replies: the session is gone. Safe to call twice, and from two threads at once. */
    void leaveAll() {
        for (String topic : topics) {
            if (topics.remove(topic)) {
                registry.unsubscribe(topic, connection, false, null);
            }
        }
    }
}
