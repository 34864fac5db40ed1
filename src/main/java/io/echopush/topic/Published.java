package io.echopush.topic;

import io.echopush.bus.Position;

/**
 * What a publish did: how many subscribers this node has for the topic, the message's position (null if it went to
 * nobody: no topic here and no broker), and whether every node can see it ({@code false} while the broker is away:
 * it reached this node's subscribers only).
 */
public record Published(int subscribers, Position position, boolean everyNode) {
}
