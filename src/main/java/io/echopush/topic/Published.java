package io.echopush.topic;

import io.echopush.bus.Position;

/**
 * What a publish did: this node's subscriber count, the position (null: no topic here and no broker, so nobody got
 * it), and whether every node can see it (false while the broker is away: only this node's subscribers got it).
 */
public record Published(int subscribers, Position position, boolean everyNode) {
}
