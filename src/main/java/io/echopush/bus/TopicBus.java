package io.echopush.bus;

/**
 * Between nodes: where a topic's positions are assigned and its history is kept when several nodes serve it. The
 * {@link LocalBus} (the default) has no broker: positions are the node's own. The {@link RedisBus} stores each
 * publication in Redis, which gives it its position, and hands every node's stored publications to this node's
 * {@link Delivery} in the order of their positions.
 */
public interface TopicBus {

    /**
     * Stores {@code publication} where every node reads it and answers its position; null if no broker was reached
     * (the local bus always), and then no other node will see it.
     */
    Position append(Publication publication);

    /** The topic as the broker holds it now (its epoch made if it had none); null if no broker was reached. */
    Snapshot read(String topic);

    /** Starts any threads of the bus; stored publications go to {@code delivery}. */
    void start();

    /** Stops every thread the bus started; waits briefly for them. */
    void stop();

    /** Where a bus hands what was stored (by any node, this one included) to this node. */
    interface Delivery {

        /** One stored publication, in the order the broker stored them. */
        void deliver(Stored stored);

        /** The link to the broker is (back) up: messages may have been missed, each topic should catch up. */
        void reconnected();
    }
}
