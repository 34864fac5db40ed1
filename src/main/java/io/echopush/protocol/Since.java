package io.echopush.protocol;

/** A position a client says it has seen: {@code seq} within the history named {@code epoch}. */
public record Since(String epoch, long seq) {
}
