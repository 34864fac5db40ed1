package io.echopush.outbound;

/** Bounds of one session's outbound queue, and how long a client may keep it from moving. */
public record OutboundLimits(int maxMessages, long maxBytes, long sendTimeoutMillis) {
}
