package io.echopush.bus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Between nodes: a message published on this node is shared with the others, and theirs are handed to this node's
 * {@link Delivery}. Never back to the node it came from: the topic registry delivers a node's own publishes itself,
 * before sharing them, so local delivery never waits for another node or for the broker. The {@link LocalBus} (the
 * default) shares with nobody; the {@link RedisBus} shares through Redis pub/sub.
 */
public interface TopicBus {

    /** Hands {@code data}, published on this node and delivered here already, to the other nodes. */
    void share(String topic, JsonNode data, String from);

    /** Starts any threads of the bus; messages from other nodes go to {@code delivery}. */
    void start();

    /** Stops every thread the bus started; waits briefly for them. */
    void stop();

    /** Where a bus hands another node's message to this node's subscribers; answers how many there were. */
    @FunctionalInterface
    interface Delivery {
        int deliver(String topic, JsonNode data, String from);
    }
}
