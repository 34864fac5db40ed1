package io.echopush.bus;

/**
 * Where a message stands in its topic: {@code epoch} names one unbroken history, {@code seq} rises by exactly one per
 * message within it. Assigned once, where the message is stored (Redis, or this node without a broker).
 */
public record Position(String epoch, long seq) {
}
