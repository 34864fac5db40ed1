package io.echopush.bus;

/** What a bus reports to the metrics. */
public interface BusObserver {

    BusObserver NONE = new BusObserver() {
    };

    /** The bus can (again) carry messages between nodes, or cannot any more. */
    default void connected(boolean connected) {
    }

    /** One message stored by the broker (it has its position, every node will see it). */
    default void sent() {
    }

    /** One stored message (any node's, this one's too) that arrived on the broker's channel. */
    default void received() {
    }

    /** One message that did not reach the broker (broker away): it went to this node's subscribers only. */
    default void dropped() {
    }

    /** Messages delivered here from the broker's history when catching up (after a lost link, or a gap). */
    default void recovered(long count) {
    }

    /** Positions this node's subscribers never got: the broker no longer kept them when this node caught up. */
    default void missed(long count) {
    }

    /** One connection to the broker made again after it was lost. */
    default void reconnected() {
    }
}
