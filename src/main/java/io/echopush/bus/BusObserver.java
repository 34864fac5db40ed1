package io.echopush.bus;

/** What a bus reports to the metrics. */
public interface BusObserver {

    BusObserver NONE = new BusObserver() {
    };

    /** The bus can (again) carry messages between nodes, or cannot any more. */
    default void connected(boolean connected) {
    }

    /** One message handed to the broker. */
    default void sent() {
    }

    /** One message from another node delivered here. */
    default void received() {
    }

    /** One message that did not reach the broker (broker away, or the outgoing queue full). */
    default void dropped() {
    }

    /** Messages of another node that never arrived here (a gap in its numbering). */
    default void missed(long count) {
    }

    /** One connection to the broker made again after it was lost. */
    default void reconnected() {
    }
}
