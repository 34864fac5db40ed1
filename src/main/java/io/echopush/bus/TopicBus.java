package io.echopush.bus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The seam of the topic fan-out: where a published message goes after the publisher hands it over. The
 * {@link LocalBus} (the default) delivers it on this node only; the {@link RedisBus} delivers it on this node
 * at once and shares it with every other node through Redis pub/sub. Either way local delivery never waits for
 * another node or for the broker.
 */
public interface TopicBus {

    /** Delivers {@code data} to this node's subscribers of {@code topic} (and, by bus, to other nodes'); answers this node's count. */
    int publish(String topic, JsonNode data, String from);

    /** Starts any threads of the bus; messages from other nodes go to {@code delivery}. */
    void start();

    /** Stops every thread the bus started; waits briefly for them. */
    void stop();

    /** Where a bus hands a message to this node's subscribers; answers how many there were. */
    @FunctionalInterface
    interface Delivery {
        int deliver(String topic, JsonNode data, String from);
    }
}
