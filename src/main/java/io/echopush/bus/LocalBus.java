package io.echopush.bus;

import com.fasterxml.jackson.databind.JsonNode;

/** The default bus: one node, no broker; a publish is this node's delivery and nothing more. */
public final class LocalBus implements TopicBus {

    private final Delivery delivery;

    public LocalBus(Delivery delivery, BusObserver observer) {
        this.delivery = delivery;
        observer.connected(true);
    }

    @Override
    public int publish(String topic, JsonNode data, String from) {
        return delivery.deliver(topic, data, from);
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
