package io.echopush.bus;

/**
 * Where a topic's positions are assigned and its history kept, so that the nodes serving it agree: {@link LocalBus}
 * (the default, one node) or {@link RedisBus}, which hands every node's stores to the {@link Delivery} in seq order.
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
