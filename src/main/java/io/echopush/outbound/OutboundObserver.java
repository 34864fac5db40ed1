package io.echopush.outbound;

/** What a {@link SessionSender} reports for metrics. Called outside its lock, from any thread. */
public interface OutboundObserver {

    OutboundObserver NONE = new OutboundObserver() {
    };

    /** A message (or a dropped notice) was written to the socket. */
    default void sent() {
    }

    /** {@code count} queued messages were dropped because the client is too slow. */
    default void dropped(int count) {
    }

    /** The queue now holds {@code depth} messages. */
    default void queueDepth(int depth) {
    }
}
