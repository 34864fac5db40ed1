package io.echopush.bus;

/** A publication with the position it was stored at. */
public record Stored(Position position, Publication publication) {
}
