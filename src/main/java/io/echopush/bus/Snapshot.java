package io.echopush.bus;

import java.util.List;

/**
 * A topic as the broker holds it, read in one step: its position now ({@code top}; seq 0 before the first message)
 * and the messages it keeps, oldest first (none when history is off).
 */
public record Snapshot(Position top, List<Stored> kept) {

    public Snapshot {
        kept = List.copyOf(kept);
    }
}
