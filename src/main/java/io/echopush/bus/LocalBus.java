package io.echopush.bus;

import com.fasterxml.jackson.databind.JsonNode;

/** The default bus: one node, no broker; nothing is shared and nothing arrives. */
public final class LocalBus implements TopicBus {

    public LocalBus(BusObserver observer) {
        observer.connected(true);
    }

    @Override
    public void share(String topic, JsonNode data, String from) {
        // no other node
    }

    @Override
    public void start() {
        // nothing to start
    }

    @Override
    public void stop() {
        // nothing to stop
    }
}
