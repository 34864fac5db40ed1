package io.echopush.topic;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.Since;
import io.echopush.session.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The topics one connection (a socket, a stream) subscribed to, capped, so that they can all be left when it ends. */
public final class Subscriptions {

    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final TopicRegistry registry;
    private final Connection connection;
    private final int max;

    public Subscriptions(TopicRegistry registry, Connection connection, int max) {
        this.registry = registry;
        this.connection = connection;
        this.max = max;
    }

    /** Subscribes (replying {@code subscribed} with {@code id}), replaying what came after {@code since} if kept. */
    public void subscribe(String topic, Since since, JsonNode id) throws BadRequestException {
        if (!topics.contains(topic) && topics.size() >= max) {
            throw new BadRequestException("a session may subscribe to at most " + max + " topics", id);
        }
        registry.subscribe(topic, connection, since, id);
        topics.add(topic);
    }

    public void unsubscribe(String topic, JsonNode id) {
        topics.remove(topic);
        registry.unsubscribe(topic, connection, true, id);
    }

    /** Leaves every topic without replies: the session is gone. Safe to call twice, and from two threads at once. */
    public void leaveAll() {
        for (String topic : topics) {
            if (topics.remove(topic)) {
                registry.unsubscribe(topic, connection, false, null);
            }
        }
    }
}
