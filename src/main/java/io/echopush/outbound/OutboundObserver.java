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

    /** A send failed on an open session (which is then closed): a broken peer, or a bug if it is ours. */
    default void sendFailed() {
    }

    /** The queue now holds {@code depth} messages. */
    default void queueDepth(int depth) {
    }
}
