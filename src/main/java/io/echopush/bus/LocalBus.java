package io.echopush.bus;

/** The default bus: one node, no broker; positions are assigned by the node, nothing is shared or arrives. */
public final class LocalBus implements TopicBus {

    public LocalBus(BusObserver observer) {
        observer.connected(true);
    }

    @Override
    public Position append(Publication publication) {
        return null;
    }

    @Override
    public Snapshot read(String topic) {
        return null;
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
